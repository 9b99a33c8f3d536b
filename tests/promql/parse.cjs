// Parses PromQL expressions with Prometheus' own lezer grammar. Input: a JSON array of strings on stdin.
// Output: a JSON array, one entry per expression: {"expr", "error" (null when it parses), "metrics" (names used)}.
const { parser } = require("@prometheus-io/lezer-promql");

const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const results = input.map((expr) => {
  const tree = parser.parse(expr);
  let error = null;
  const metrics = new Set();
  tree.iterate({
    enter(node) {
      if (node.type.isError && error === null) {
        error = `syntax error at ${node.from}: "${expr.slice(Math.max(0, node.from - 10), node.to + 10)}"`;
      }
      if (node.name === "VectorSelector") {
        const id = node.node.getChild("Identifier");
        if (id) metrics.add(expr.slice(id.from, id.to));
      }
    },
  });
  return { expr, error, metrics: [...metrics] };
});
process.stdout.write(JSON.stringify(results));
