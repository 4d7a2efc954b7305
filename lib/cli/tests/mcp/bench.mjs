// The latency of a no-op run_python call through `securer mcp`, as an MCP
// client sees it: the official SDK's Client.callTool over stdio, on a warm
// session.  Beside it, its floor measured in the same run: a ping through
// the same client and pipes (the protocol without a session).
//
//   SECURER=build/bin/securer node lib/cli/tests/mcp/bench.mjs [N]
//
// Prints percentiles and a JSON line.  A benchmark, never a test: it
// asserts nothing about time (docs/bench.md holds the figures).
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const n = Number(process.argv[2] ?? 1000);
const securer = process.env.SECURER ?? "build/bin/securer";
const transport = new StdioClientTransport({
  command: securer,
  args: ["mcp", "--runtime", "python"],
  stderr: "ignore",
});
const client = new Client({ name: "securer-bench", version: "1.0.0" });
await client.connect(transport);

async function sample(fn) {
  const ms = [];
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  ms.sort((a, b) => a - b);
  const q = (p) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))];
  return { p50: q(0.5), p90: q(0.9), p99: q(0.99), max: ms.at(-1) };
}

const call = () =>
  client.callTool({ name: "run_python", arguments: { code: "None" } });
for (let i = 0; i < 50; i++) await call(); // start the session, warm up
const r = await call();
if (r.isError) throw new Error(r.content[0].text);

const ping = await sample(() => client.ping());
const run = await sample(call);
await client.close();

const f = (x) => x.toFixed(3).padStart(8);
console.log(`${n} calls each; milliseconds      p50      p90      p99      max`);
console.log(`ping (floor)                  ${f(ping.p50)} ${f(ping.p90)} ${f(ping.p99)} ${f(ping.max)}`);
console.log(`run_python no-op              ${f(run.p50)} ${f(run.p90)} ${f(run.p99)} ${f(run.max)}`);
console.log(`ratio to the floor (p50)      ${(run.p50 / ping.p50).toFixed(2)}x`);
console.log(JSON.stringify({ n, ping_ms: ping, run_python_noop_ms: run }));
