// What code generators and contract testers need of spec/sessions.yaml
// beyond what the linters check; prints TAP lines from number N (argv[3]).
//   node check_shape.mjs SPEC N
// Dredd needs an example for every path parameter; JupyterLab sends its
// JSON as text/plain, so every request body declares it; every 200 of a
// GET sends an Etag and must say so; every operation is described; no
// schema is an anyOf/oneOf with a branch that only lists required keys
// (openapi-typescript types such a schema unknown).
import { readFileSync } from "node:fs";
import yaml from "js-yaml";

const spec = yaml.load(readFileSync(process.argv[2], "utf8"));
let n = Number(process.argv[3] || 1);
let failed = 0;
const deref = (v) => {
  while (v && v.$ref) {
    v = v.$ref.slice(2).split("/").reduce((o, k) => o[k.replace(/~1/g, "/")], spec);
  }
  return v;
};
const check = (problems, name) => {
  console.log(`${problems.length ? "not ok" : "ok"} ${n++} - ${name}`);
  for (const p of problems) console.log(`#   ${p}`);
  failed += problems.length ? 1 : 0;
};
const ops = [];
for (const [path, item] of Object.entries(spec.paths)) {
  for (const [method, op] of Object.entries(item)) {
    if (["get", "put", "post", "patch", "delete", "head", "options"].includes(method)) {
      ops.push({ path, method, op, params: [...(item.parameters || []), ...(op.parameters || [])].map(deref) });
    }
  }
}
check(ops.flatMap(({ method, path, params }) => params
  .filter((p) => p.in === "path" && p.example === undefined && (p.schema || {}).example === undefined)
  .map((p) => `${method.toUpperCase()} ${path}: path parameter '${p.name}' has no example`)),
  "every path parameter has an example (Dredd needs one)");
check(ops.filter(({ op }) => op.requestBody)
  .filter(({ op }) => !deref(op.requestBody).content["text/plain"])
  .map(({ method, path }) => `${method.toUpperCase()} ${path}: no text/plain body`),
  "every request body is declared as text/plain too (as JupyterLab sends it)");
check(ops.filter(({ method, op }) => method === "get" && op.responses["200"])
  .filter(({ op }) => !Object.keys(deref(op.responses["200"]).headers || {}).some((h) => h.toLowerCase() === "etag"))
  .map(({ path }) => `GET ${path}: 200 declares no Etag header`),
  "every 200 of a GET declares the Etag header the mock sends");
check(ops.filter(({ op }) => !op.description || !op.description.trim())
  .map(({ method, path }) => `${method.toUpperCase()} ${path}: no description`),
  "every operation has a description");
const requiredOnly = [];
for (const [name, schema] of Object.entries(spec.components.schemas)) {
  for (const key of ["anyOf", "oneOf"]) {
    for (const branch of schema[key] || []) {
      if (!branch.$ref && branch.required && !branch.type && Object.keys(branch).every((k) => ["required", "properties", "description"].includes(k))) {
        requiredOnly.push(`${name}: an ${key} branch only lists required keys ${JSON.stringify(branch.required)}`);
      }
    }
  }
}
check(requiredOnly, "no anyOf/oneOf has a required-only branch");
process.exit(failed ? 1 : 0);
