// profile-runner: runs owners' Python profiles in Pyodide, one Durable Object
// per owner. Its whole RPC surface is RunnerForFrontend; it holds no database,
// no key, and no outbound network.

import { WorkerEntrypoint } from "cloudflare:workers";
import type { ProfileRun, Result, RunnerForFrontendApi } from "@zoobar/shared";
import type { Env } from "./env";
import { hardenIntrinsics } from "./harden-intrinsics";
import { denyOutboundNetwork } from "./network";

export { ProfileSandbox } from "./sandbox/durable-object";

denyOutboundNetwork();
hardenIntrinsics();

export class RunnerForFrontend extends WorkerEntrypoint<Env> implements RunnerForFrontendApi {
  /**
   * Runs a profile for the visitor named by a view ticket. Who the owner and
   * visitor are comes only from auth's answer to the ticket, never from the caller.
   */
  async viewProfile(ticket: string): Promise<Result<{ run: ProfileRun }>> {
    if (typeof ticket !== "string" || ticket.length === 0) return { ok: false, error: "A view ticket is required." };
    const grant = await this.env.AUTH.exchangeViewTicket(ticket);
    if (!grant.ok) return { ok: false, error: grant.error };
    const { owner, visitor, runToken, runId } = grant;
    const sandbox = this.env.SANDBOXES.get(this.env.SANDBOXES.idFromName(owner));
    return sandbox.run({ owner, visitor, runToken, runId });
  }
}

export default {
  async fetch(): Promise<Response> {
    return new Response("Not found", { status: 404 });
  },
} satisfies ExportedHandler<Env>;
