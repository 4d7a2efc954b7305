// `securer mcp` driven by the official MCP TypeScript SDK (Client over
// StdioClientTransport), as an agent would: initialize, tools/list, Python
// that calls a manifest tool, state across calls, an error result, an
// unknown tool, a timeout, progress on a 6 s run, a cancelled call then a
// ping, upload-run-download, a direct manifest tool call.
//
// Run by lib/cli/tests/test_mcp_sdk.sh (make check).  $SECURER is the binary.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { McpError } from "@modelcontextprotocol/sdk/types.js";

const securer = process.env.SECURER;
const top = new URL("../../../../", import.meta.url).pathname;

let client, transport;
const received = []; // every message the server sent
const sent = []; // every message the client sent
const clientErrors = []; // what the SDK reported as protocol trouble
let stderr = "";

before(async () => {
  transport = new StdioClientTransport({
    command: securer,
    args: ["mcp", "--tools", `${top}docs/examples/tools.json`],
    stderr: "pipe",
  });
  transport.stderr.on("data", (d) => (stderr += d));
  transport.onmessage = (m) => received.push(m); // chained by connect()
  const send = transport.send.bind(transport);
  transport.send = (m, o) => (sent.push(m), send(m, o));
  client = new Client({ name: "securer-sdk-test", version: "1.0.0" });
  client.onerror = (e) => clientErrors.push(String(e));
  await client.connect(transport);
});

after(async () => {
  await client?.close();
  if (process.exitCode) process.stderr.write(`server stderr:\n${stderr}\n`);
});

const run = (code, extra = {}, options = {}) =>
  client.callTool(
    { name: "run_python", arguments: { code, ...extra } },
    undefined,
    options,
  );

test("initialize: the server and the protocol version agreed on", () => {
  assert.equal(client.getServerVersion().name, "securer");
  const init = received.find((m) => m.id === 0 && m.result);
  assert.equal(init.result.protocolVersion, "2025-11-25");
  assert.ok(client.getServerCapabilities().tools);
});

test("tools/list: sessions, files, the manifest's tools, what the sandbox allows", async () => {
  const { tools } = await client.listTools();
  const names = tools.map((t) => t.name);
  for (const n of ["run_python", "run_sh", "reset_session", "upload_file",
                   "download_file", "list_files", "add", "get_weather"])
    assert.ok(names.includes(n), `${n} in ${names}`);
  const py = tools.find((t) => t.name === "run_python");
  assert.equal(py.outputSchema.type, "object");
  assert.match(py.description, /No network/);
  assert.match(py.description, /add\(a: number, b: number\)/);
  assert.match(py.description, /wall clock per call 30 s/);
  assert.deepEqual(py.inputSchema.required, ["code"]);
});

test("Python calls the manifest's add; state stays across calls", async () => {
  let r = await run("x = add(2, 3)\nprint('sum', x)\nx * 10");
  assert.equal(r.isError, false);
  assert.equal(r.structuredContent.value, 50);
  assert.equal(r.structuredContent.stdout, "sum 5\n");
  assert.equal(r.structuredContent.tool_calls, 1);
  assert.match(r.content[0].text, /sum 5/);
  r = await run("x + 1");
  assert.equal(r.structuredContent.value, 6);
  assert.equal(r.structuredContent.state_lost, false);
});

test("failing code is a result with isError, and the session goes on", async () => {
  const r = await run("y = 1\n1/0");
  assert.equal(r.isError, true);
  assert.equal(r.structuredContent.error.kind, "runtime");
  assert.match(r.content[0].text, /ZeroDivisionError/);
  const after = await run("x");
  assert.equal(after.structuredContent.value, 5);
});

test("an unknown tool is a JSON-RPC error -32602", async () => {
  await assert.rejects(
    client.callTool({ name: "no_such_tool", arguments: {} }),
    (e) => e instanceof McpError && e.code === -32602,
  );
});

test("bad arguments (2025-11-25): a result with isError naming the argument", async () => {
  const r = await client.callTool({ name: "run_python", arguments: { code: 5 } });
  assert.equal(r.isError, true);
  assert.match(r.content[0].text, /'code' must be of type string/);
});

test("a timeout stops the code and restarts the session", async () => {
  const t0 = Date.now();
  const r = await run("import time\ntime.sleep(20)", { timeout_seconds: 1 });
  assert.ok(Date.now() - t0 < 10000);
  assert.equal(r.isError, true);
  assert.equal(r.structuredContent.error.kind, "timeout");
  assert.equal(r.structuredContent.state_lost, true);
  const gone = await run("x");
  assert.equal(gone.isError, true);
  assert.match(gone.structuredContent.error.message, /NameError/);
});

test("a 6 s run sends progress notifications", async () => {
  const seen = [];
  const r = await run(
    "import time\nfor i in range(6):\n    print('step', i, flush=True)\n    time.sleep(1)\n'done'",
    {},
    { onprogress: (p) => seen.push(p), resetTimeoutOnProgress: true },
  );
  assert.equal(r.structuredContent.value, "done");
  assert.ok(seen.length >= 2, `progress notifications: ${seen.length}`);
  for (let i = 1; i < seen.length; i++)
    assert.ok(seen[i].progress > seen[i - 1].progress);
  assert.ok(seen.some((p) => /step \d/.test(p.message)), JSON.stringify(seen));
});

const procsWith = (needle) =>
  readdirSync("/proc").filter((p) => {
    if (!/^\d+$/.test(p)) return false;
    try {
      return readFileSync(`/proc/${p}/cmdline`, "utf8").includes(needle);
    } catch {
      return false;
    }
  }).length;

test("a cancelled call is stopped (sandbox killed, no response) and the server keeps serving", async () => {
  const token = `61.${process.pid}`;
  await run("x = 1");
  const ac = new AbortController();
  let started;
  const startedP = new Promise((res) => (started = res));
  const call = run(
    `import subprocess, time\nsubprocess.Popen(['sleep', '${token}'])\nprint('started', flush=True)\ntime.sleep(60)`,
    {},
    { signal: ac.signal, onprogress: (p) => /started/.test(p.message) && started() },
  );
  await startedP;
  assert.equal(procsWith(token), 1);
  const id = sent.findLast((m) => m.method === "tools/call").id;
  ac.abort("the user pressed stop");
  await assert.rejects(call);
  assert.ok(sent.some((m) => m.method === "notifications/cancelled" &&
                             m.params.requestId === id));
  const t0 = Date.now();
  await client.ping();
  assert.ok(Date.now() - t0 < 2000, "ping answered right after the cancel");
  for (let i = 0; i < 50 && procsWith(token); i++)
    await new Promise((r) => setTimeout(r, 100));
  assert.equal(procsWith(token), 0, "the sandbox's processes are gone");
  // The session's worker answers in order: a response to the cancelled
  // call, had there been one, would come before this one.
  const r = await run("x");
  assert.equal(r.isError, true, "the session was restarted");
  assert.deepEqual(received.filter((m) => m.id === id), []);
  assert.deepEqual(clientErrors, []);
});

test("upload, run, download: text, an image, a listing", async () => {
  let r = await client.callTool({
    name: "upload_file",
    arguments: { path: "data/in.csv", content: "a,b\n1,2\n3,4\n" },
  });
  assert.equal(r.isError, false, r.content[0].text);
  r = await run(
    "import csv\nrows = list(csv.DictReader(open('data/in.csv')))\n" +
      "open('out.txt', 'w').write(str(sum(int(r['b']) for r in rows)))\n" +
      "png = bytes.fromhex('89504e470d0a1a0a') + bytes(range(256))\n" +
      "open('plot.png', 'wb').write(png)\nlen(rows)",
  );
  assert.equal(r.structuredContent.value, 2, r.content[0].text);
  r = await client.callTool({ name: "download_file", arguments: { path: "out.txt" } });
  assert.equal(r.content.at(-1).type, "text");
  assert.equal(r.content.at(-1).text, "6");
  r = await client.callTool({ name: "download_file", arguments: { path: "plot.png" } });
  const img = r.content.at(-1);
  assert.equal(img.type, "image");
  assert.equal(img.mimeType, "image/png");
  const want = Buffer.concat([Buffer.from("89504e470d0a1a0a", "hex"),
                              Buffer.from([...Array(256).keys()])]);
  assert.ok(Buffer.from(img.data, "base64").equals(want));
  r = await client.callTool({ name: "list_files", arguments: { recursive: true } });
  const paths = r.structuredContent.entries.map((e) => e.path);
  for (const p of ["data", "data/in.csv", "out.txt", "plot.png"])
    assert.ok(paths.includes(p), `${p} in ${paths}`);
  r = await client.callTool({ name: "download_file", arguments: { path: "../etc/passwd" } });
  assert.equal(r.isError, true);
  assert.match(r.content[0].text, /leaves the workspace/);
});

test("the manifest's add, called directly", async () => {
  const r = await client.callTool({ name: "add", arguments: { a: 2, b: 40 } });
  assert.equal(r.isError, false);
  assert.equal(r.content[0].text, "42");
});

test("reset_session: a fresh interpreter", async () => {
  await run("z = 7");
  const r = await client.callTool({ name: "reset_session", arguments: { runtime: "python" } });
  assert.equal(r.isError, false, r.content[0].text);
  const gone = await run("z");
  assert.equal(gone.isError, true);
});
