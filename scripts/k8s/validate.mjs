// Validates rendered Kubernetes manifests offline, three ways:
//  1. each object against its schema (kubernetes-models and @kubernetes-models/keda: types,
//     required fields, enums, formats), refusing kinds it has no schema for;
//  2. no field unknown to the schema: the objects are type-checked by TypeScript against the
//     same models' interfaces, whose excess-property check refuses any field they do not declare;
//  3. that the manifests agree with the services' real configuration and with each other
//     (ports, probes, topics, consumer groups, partitions, selectors, references, settings).
//
//   node <work folder>/validate.mjs <repository root> <work folder> <overlay>=<rendered.yaml>...
// (copied next to the node_modules that scripts/k8s-validate.sh installs there)
import { readFileSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import yaml from "js-yaml";

const [root, work, ...overlays] = process.argv.slice(2);
const problems = [];
const problem = (where, message) => problems.push(`${where}: ${message}`);

// --- what the services really use -------------------------------------------------------------
const read = (file) => readFileSync(path.join(root, file), "utf8");
const topics = read("contract/src/main/java/dev/switchboard/contract/Topics.java");
const jobsPrefix = topics.match(/JOBS_PREFIX = "([^"]+)"/)[1];
const consumer = read("worker-core/src/main/java/dev/switchboard/worker/core/jobs/JobConsumer.java");
const groupPrefix = consumer.match(/groupOf\(String pool\) \{\s*return "([^"]+)" \+ pool;/)[1];
const dockerfile = read("docker/service.Dockerfile");
const imagePort = Number(dockerfile.match(/QUARKUS_HTTP_PORT=(\d+)/)[1]);
const readme = read("README.md");
const healthPath = { startupProbe: "/q/health/started", livenessProbe: "/q/health/live", readinessProbe: "/q/health/ready" };
for (const module of ["api-gateway", "session-service", "metrics-service", "inference-worker-ollama", "inference-worker-mlx"]) {
  const props = read(`${module}/src/main/resources/application.properties`);
  if (/^(%prod\.)?quarkus\.(http\.non-application-root-path|smallrye-health\.root-path)=/m.test(props)) {
    problem(module, "moves the health endpoints; the probes assume /q/health/*");
  }
}

// --- schemas (this file runs from the folder that holds node_modules) ------------------------
const packages = { "keda.sh": "@kubernetes-models/keda" };
function modelPath(apiVersion, kind) {
  const group = apiVersion.includes("/") ? apiVersion.split("/")[0] : "";
  return `${packages[group] ?? "kubernetes-models"}/${apiVersion}/${kind}`;
}
const model = async (apiVersion, kind) => (await import(modelPath(apiVersion, kind)))[kind];
const modelsVersion = createRequire(import.meta.url)("kubernetes-models/package.json").version;

let typeCheck = 'import type {} from "kubernetes-models";\n';
let objectCount = 0;
const byOverlay = {};
for (const arg of overlays) {
  const [overlay, file] = arg.split("=");
  const objects = yaml.loadAll(readFileSync(file, "utf8")).filter(Boolean);
  byOverlay[overlay] = objects;
  for (const object of objects) {
    const where = `${overlay} ${object.kind}/${object.metadata?.name}`;
    let Model;
    try {
      Model = await model(object.apiVersion, object.kind);
    } catch (e) {
      problem(where, `no schema for ${object.apiVersion} ${object.kind}`);
      continue;
    }
    try {
      new Model(object).validate();
    } catch (e) {
      problem(where, `schema: ${e.message}`);
    }
    const id = `o${objectCount++}`;
    typeCheck += `import type { I${object.kind} as T${id} } from "${modelPath(object.apiVersion, object.kind)}";\n`;
    typeCheck += `// ${where}\nexport const ${id}: T${id} = ${JSON.stringify(object, null, 1)};\n`;
  }
}

// --- unknown fields ----------------------------------------------------------------------------
writeFileSync(path.join(work, "objects.ts"), typeCheck);
writeFileSync(path.join(work, "tsconfig.json"), JSON.stringify({
  compilerOptions: { strict: true, noEmit: true, module: "nodenext", moduleResolution: "nodenext", target: "es2022", skipLibCheck: true, types: [] },
  files: ["objects.ts"],
}));
try {
  execFileSync(process.execPath, [path.join(work, "node_modules/typescript/bin/tsc"), "-p", work], { encoding: "utf8" });
} catch (e) {
  const lines = typeCheck.split("\n");
  for (const line of (e.stdout || String(e)).split("\n").filter((l) => l.includes("error"))) {
    const at = line.match(/objects\.ts\((\d+),/);
    let owner = "";
    if (at) for (let i = Number(at[1]) - 1; i >= 0; i--) if (lines[i].startsWith("// ")) { owner = lines[i].slice(3); break; }
    problem(owner || "typescript", line.replace(/^.*error /, "").slice(0, 400));
  }
}

// --- agreement with the services and between objects ----------------------------------------
const containersOf = (o) => [...(o.spec?.template?.spec?.initContainers ?? []), ...(o.spec?.template?.spec?.containers ?? [])];
const matches = (selector, labels) => Object.entries(selector ?? {}).every(([k, v]) => labels?.[k] === v);
const external = { prod: new Set(["Secret/switchboard-infra", "Secret/switchboard-admin"]) };

for (const [overlay, objects] of Object.entries(byOverlay)) {
  const find = (kind, name) => objects.find((o) => o.kind === kind && o.metadata.name === name);
  const workloads = objects.filter((o) => ["Deployment", "StatefulSet", "Job"].includes(o.kind));
  const config = find("ConfigMap", "switchboard-config");
  const settings = { ...(config?.data ?? {}) };
  const exists = (kind, name) => find(kind, name) || external[overlay]?.has(`${kind}/${name}`);

  // Every setting is in the README's tables.
  const documented = (where, name) => {
    if (/^(SWITCHBOARD|QUARKUS|KAFKA|MLX|OLLAMA)_/.test(name) && !readme.includes(`\`${name}\``)) problem(where, `setting ${name} is not in the README`);
  };
  for (const name of Object.keys(settings)) documented(`${overlay} ConfigMap/switchboard-config`, name);

  for (const w of workloads) {
    const where = `${overlay} ${w.kind}/${w.metadata.name}`;
    const pod = w.spec.template.spec;
    if (w.kind !== "Job" && !matches(w.spec.selector.matchLabels, w.spec.template.metadata.labels)) problem(where, "selector does not match its pods");
    if (pod.securityContext?.runAsNonRoot !== true) problem(where, "pods must run as non-root");
    for (const c of containersOf(w)) {
      const cw = `${where} container ${c.name}`;
      if (!c.resources?.requests?.cpu || !c.resources?.requests?.memory || !c.resources?.limits?.memory) problem(cw, "needs cpu and memory requests and a memory limit");
      if (c.securityContext?.allowPrivilegeEscalation !== false) problem(cw, "allowPrivilegeEscalation must be false");
      for (const ref of c.envFrom ?? []) {
        if (ref.configMapRef && !exists("ConfigMap", ref.configMapRef.name)) problem(cw, `ConfigMap ${ref.configMapRef.name} does not exist`);
        if (ref.secretRef && !exists("Secret", ref.secretRef.name)) problem(cw, `Secret ${ref.secretRef.name} does not exist`);
      }
      for (const e of c.env ?? []) {
        const key = e.valueFrom?.configMapKeyRef ?? e.valueFrom?.secretKeyRef;
        if (key) {
          const kind = e.valueFrom.configMapKeyRef ? "ConfigMap" : "Secret";
          const target = find(kind, key.name);
          if (!target && !exists(kind, key.name)) problem(cw, `${kind} ${key.name} does not exist`);
          else if (target && !(key.key in (target.data ?? {}))) problem(cw, `${kind} ${key.name} has no key ${key.key}`);
        }
      }
      if (!c.image.includes("switchboard/")) continue;
      // One of the services' images: the image's port, the Quarkus health endpoints, read-only root.
      if (c.securityContext?.readOnlyRootFilesystem !== true) problem(cw, "root file system must be read-only");
      const http = (c.ports ?? []).find((p) => p.name === "http");
      if (http?.containerPort !== imagePort) problem(cw, `port http must be the image's ${imagePort}`);
      for (const [probe, expected] of Object.entries(healthPath)) {
        const get = c[probe]?.httpGet;
        if (get?.path !== expected || get?.port !== "http") problem(cw, `${probe} must GET ${expected} on port http`);
      }
      for (const name of (c.env ?? []).map((e) => e.name)) documented(cw, name);
    }
  }

  for (const o of objects) {
    const where = `${overlay} ${o.kind}/${o.metadata.name}`;
    const targets = (selector) => workloads.filter((w) => w.kind !== "Job" && matches(selector, w.spec.template.metadata.labels));
    if (o.kind === "Service") {
      const pods = targets(o.spec.selector);
      if (pods.length !== 1) problem(where, `selects ${pods.length} workloads`);
      for (const p of o.spec.ports) {
        const named = pods.flatMap((w) => containersOf(w)).flatMap((c) => c.ports ?? []);
        if (typeof p.targetPort === "string" && !named.some((n) => n.name === p.targetPort)) problem(where, `targetPort ${p.targetPort} is no container port`);
      }
    }
    if (o.kind === "PodDisruptionBudget" && targets(o.spec.selector.matchLabels).length !== 1) problem(where, "selects no single workload");
    if (o.kind === "HorizontalPodAutoscaler" && !find(o.spec.scaleTargetRef.kind, o.spec.scaleTargetRef.name)) problem(where, "scale target missing");
    if (o.kind === "Ingress") {
      for (const rule of o.spec.rules) for (const p of rule.http.paths) {
        const svc = find("Service", p.backend.service.name);
        if (!svc || !svc.spec.ports.some((sp) => sp.name === p.backend.service.port.name)) problem(where, `backend ${p.backend.service.name}:${p.backend.service.port.name} missing`);
      }
    }
    if (o.kind === "ScaledObject") {
      const target = find("Deployment", o.spec.scaleTargetRef.name);
      if (!target) { problem(where, "scale target missing"); continue; }
      const worker = target.spec.template.spec.containers.find((c) => c.image.includes("inference-worker"));
      const env = Object.fromEntries((worker?.env ?? []).map((e) => [e.name, e.value]));
      const pool = env.SWITCHBOARD_WORKER_POOL;
      const partitions = Number(settings.SWITCHBOARD_JOB_PARTITIONS);
      if (!pool) problem(where, "its target runs no worker with SWITCHBOARD_WORKER_POOL");
      // A backend in the same pod runs as many generations at once as the worker takes jobs.
      for (const c of target.spec.template.spec.containers) {
        const parallel = (c.env ?? []).find((e) => e.name === "OLLAMA_NUM_PARALLEL");
        if (parallel && parallel.value !== env.SWITCHBOARD_WORKER_CAPACITY) problem(where, `container ${c.name}: OLLAMA_NUM_PARALLEL ${parallel.value} differs from the worker capacity ${env.SWITCHBOARD_WORKER_CAPACITY}`);
      }
      if (!(o.spec.minReplicaCount >= 1)) problem(where, "minReplicaCount must be at least 1 (no lag can wake an empty pool)");
      if (!(o.spec.maxReplicaCount <= partitions)) problem(where, `maxReplicaCount ${o.spec.maxReplicaCount} above the ${partitions} partitions of the topic`);
      for (const t of o.spec.triggers) {
        if (t.type !== "kafka") { problem(where, `trigger ${t.type}: expected kafka`); continue; }
        const m = t.metadata;
        if (m.topic !== jobsPrefix + pool) problem(where, `topic ${m.topic}, but the pool's jobs are on ${jobsPrefix}${pool}`);
        if (m.consumerGroup !== groupPrefix + pool) problem(where, `consumerGroup ${m.consumerGroup}, but the workers join ${groupPrefix}${pool}`);
        if (m.lagThreshold !== env.SWITCHBOARD_WORKER_CAPACITY) problem(where, `lagThreshold ${m.lagThreshold} differs from the worker capacity ${env.SWITCHBOARD_WORKER_CAPACITY}`);
        if (m.bootstrapServersFromEnv && !(worker.envFrom ?? []).length) problem(where, `${m.bootstrapServersFromEnv} is not in the worker's environment`);
        const job = find("Job", "kafka-topics");
        if (!job || !JSON.stringify(job.spec).includes(`${jobsPrefix}${pool} `)) problem(where, `the kafka-topics Job does not create ${jobsPrefix}${pool}`);
      }
    }
  }
  const exposed = objects.filter((o) => o.kind === "NetworkPolicy" && !o.spec.ingress?.every((r) => r.from?.length));
  for (const policy of exposed) {
    const reached = workloads.filter((w) => matches(policy.spec.podSelector.matchLabels, w.spec.template.metadata.labels)).map((w) => w.metadata.name);
    if (reached.join() !== "api-gateway") problem(`${overlay} NetworkPolicy/${policy.metadata.name}`, `opens ${reached.join(", ") || "nothing"} to everyone; only api-gateway may be`);
  }
  if (exposed.length === 0) problem(overlay, "no NetworkPolicy opens the gateway");
  console.log(`${overlay}: ${objects.length} objects (${[...new Set(objects.map((o) => o.kind))].sort().join(", ")})`);
}

if (problems.length) {
  console.error(`${problems.length} problem(s):\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
console.log(`valid: ${objectCount} objects against kubernetes-models ${modelsVersion} and @kubernetes-models/keda, no unknown fields, consistent with the services`);
