/// <reference types="@cloudflare/vitest-plugin/types" />
import type { Env as AuthEnv } from "../src/db";

declare global {
  namespace Cloudflare {
    interface Env extends AuthEnv {
      TEST_VERIFY_KEY: string;
    }
  }
}
