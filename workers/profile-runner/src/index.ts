// profile-runner has no HTTP surface; its RPC entrypoints arrive with issue 3.
export default {
  async fetch(): Promise<Response> {
    return new Response("Not found", { status: 404 });
  },
} satisfies ExportedHandler;
