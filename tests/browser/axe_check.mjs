// Open one HTML file in headless Chromium, run axe-core (WCAG 2.2 AA rule set) and print a JSON report.
//
//   node axe_check.mjs FILE.html [--screenshot OUT.png]
//
// Always exits 0 once a report is printed: the Python side (harness.py) decides what counts as failure.
// Exits 2 on usage errors and 1 when the browser cannot be driven, with the reason on stderr.
// The browser is the system one (CHROMIUM env var, else /usr/bin/chromium) because downloading
// Playwright's own build does not work on the CI machine; hence playwright-core, not playwright.
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import path from "node:path";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const AXE_SOURCE = require.resolve("axe-core/axe.min.js");
const WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
// Without the background-networking flags Chromium stalls on refused connections in a sandboxed CI.
const FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

const args = process.argv.slice(2);
const shotAt = args.indexOf("--screenshot");
const screenshot = shotAt >= 0 ? args.splice(shotAt, 2)[1] : null;
if (args.length !== 1 || (shotAt >= 0 && !screenshot)) {
  console.error("usage: node axe_check.mjs FILE.html [--screenshot OUT.png]");
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: FLAGS,
  timeout: 60_000,
});
try {
  const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
  await page.goto(pathToFileURL(path.resolve(args[0])).href, { waitUntil: "load", timeout: 60_000 });
  if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
  await page.addScriptTag({ path: AXE_SOURCE });
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags } }), WCAG_22_AA);
  const report = {
    violations: result.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, failureSummary: n.failureSummary })),
    })),
    passes: result.passes.length,
    incomplete: result.incomplete.map((v) => v.id),
  };
  process.stdout.write(JSON.stringify(report, null, 2) + "\n");
} finally {
  await browser.close();
}
