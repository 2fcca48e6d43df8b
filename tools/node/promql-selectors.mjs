// Reads a JSON array of PromQL expressions on stdin and prints, for each, what it selects: every
// vector selector's metric name and label matchers, the labels it groups by, and syntax errors.
// Parsing is the Prometheus project's own grammar (@prometheus-io/lezer-promql, the one its web UI
// uses), so an expression this accepts is one Prometheus' editor accepts.
//   node tools/node/promql-selectors.mjs < exprs.json > selectors.json
import { parser } from '@prometheus-io/lezer-promql';

function unquote(literal) {
  const q = literal[0];
  const body = literal.slice(1, -1);
  if (q === '`') return body; // raw string
  return body.replace(/\\(.)/g, (_, c) => ({ n: '\n', t: '\t', '\\': '\\', '"': '"', "'": "'" }[c] ?? c));
}

function analyse(expr) {
  const tree = parser.parse(expr);
  const selectors = [];
  const groupingLabels = [];
  const errors = [];
  let current = null;
  let matcher = null;
  let inGrouping = 0;
  tree.iterate({
    enter(node) {
      if (node.type.isError) {
        errors.push({ at: node.from, near: expr.slice(Math.max(0, node.from - 10), node.to + 10) });
      }
      switch (node.name) {
        case 'VectorSelector':
          current = { metric: null, matchers: [] };
          selectors.push(current);
          break;
        case 'Identifier':
          if (current && current.metric === null) current.metric = expr.slice(node.from, node.to);
          break;
        case 'UnquotedLabelMatcher':
        case 'QuotedLabelMatcher':
          matcher = { label: null, op: null, value: null };
          if (current) current.matchers.push(matcher);
          break;
        case 'GroupingLabels':
          inGrouping++;
          break;
        case 'LabelName':
          if (inGrouping > 0) groupingLabels.push(expr.slice(node.from, node.to));
          else if (matcher && matcher.label === null) matcher.label = expr.slice(node.from, node.to);
          break;
        case 'QuotedLabelName':
          if (matcher && matcher.label === null) matcher.label = unquote(expr.slice(node.from, node.to));
          break;
        case 'MatchOp':
          if (matcher) matcher.op = expr.slice(node.from, node.to);
          break;
        case 'StringLiteral':
          if (matcher && matcher.value === null && matcher.op !== null) matcher.value = unquote(expr.slice(node.from, node.to));
          break;
      }
    },
    leave(node) {
      if (node.name === 'VectorSelector') current = null;
      if (node.name === 'UnquotedLabelMatcher' || node.name === 'QuotedLabelMatcher') matcher = null;
      if (node.name === 'GroupingLabels') inGrouping--;
    },
  });
  return { expr, errors, selectors, groupingLabels };
}

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const exprs = JSON.parse(input);
  process.stdout.write(JSON.stringify(exprs.map(analyse)));
});
