// Runs a real code-server for the e2e test: fresh user-data and extensions dirs, the packaged
// .vsix installed through its CLI, settings written before start, loopback only, no auth.
import { spawn, execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";

export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Starts code-server with `vsix` installed, user `settings` and `machineSettings` (the remote
 * machine's, where machine-scoped settings such as aexy.path belong); resolves once it answers HTTP. */
export async function startCodeServer({ bin, node24, vsix, home, settings, machineSettings = {}, env = {} }) {
  const userData = path.join(home, "user-data");
  const extensions = path.join(home, "extensions");
  fs.mkdirSync(path.join(userData, "User"), { recursive: true });
  fs.mkdirSync(extensions, { recursive: true });
  fs.writeFileSync(path.join(userData, "User", "settings.json"), JSON.stringify(settings, null, 2));
  fs.mkdirSync(path.join(userData, "Machine"), { recursive: true });
  fs.writeFileSync(path.join(userData, "Machine", "settings.json"), JSON.stringify(machineSettings, null, 2));
  const childEnv = { ...process.env, PATH: `${node24}/bin:${process.env.PATH}`, HOME: home, ...env };
  execFileSync(bin, ["--user-data-dir", userData, "--extensions-dir", extensions, "--install-extension", vsix], {
    env: childEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const installed = fs.readdirSync(extensions).filter((d) => d.startsWith("aexy.aexy-"));
  if (installed.length !== 1) throw new Error(`vsix not installed: ${fs.readdirSync(extensions)}`);
  const port = await freePort();
  const logFile = path.join(home, "code-server.log");
  const log = fs.openSync(logFile, "w");
  const child = spawn(
    bin,
    [
      "--bind-addr", `127.0.0.1:${port}`,
      "--auth", "none",
      "--disable-telemetry",
      "--disable-update-check",
      "--disable-workspace-trust",
      "--disable-getting-started-override",
      "--user-data-dir", userData,
      "--extensions-dir", extensions,
    ],
    { env: childEnv, stdio: ["ignore", log, log], detached: true },
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) break;
    } catch {}
    if (child.exitCode !== null) throw new Error(`code-server exited: ${fs.readFileSync(logFile, "utf8")}`);
    if (Date.now() > deadline) throw new Error("code-server did not start in 60 s");
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    extensionDir: path.join(extensions, installed[0]),
    logFile,
    stop() {
      try { process.kill(-child.pid, "SIGTERM"); } catch {}
    },
  };
}
