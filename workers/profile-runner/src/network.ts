// The runner calls other workers only through its service bindings (JS RPC,
// which does not go through fetch). Outbound network is refused outright, so
// nothing reachable from a profile, now or after a mistake, can phone out.
// The Pyodide loader puts its own fetch in place only while booting (serving
// the bundled files, refusing the rest) and restores this one afterwards.
// (Sockets need `connect` from "cloudflare:sockets", which the runner never imports.)

function refuse(): never {
  throw new Error("profile-runner has no outbound network");
}

let denied = false;

export function denyOutboundNetwork(): void {
  if (denied) return;
  denied = true;
  const g = globalThis as Record<string, unknown>;
  g.fetch = async function fetch() {
    refuse();
  };
  g.WebSocket = class WebSocket {
    constructor() {
      refuse();
    }
  };
}
