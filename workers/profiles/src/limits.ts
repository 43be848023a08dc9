// What a profile may be. Its content is not judged here: it is stored as
// written, and the frontend sanitizes it on the way out.

import { PROFILE_MAX_BYTES } from "@zoobar/shared";

export type TextCheck = { ok: true; text: string; bytes: number } | { ok: false; error: string };

export function checkProfileText(text: unknown): TextCheck {
  if (typeof text !== "string") return { ok: false, error: "Profile must be text." };
  // A lone surrogate cannot be stored as UTF-8; it would silently become U+FFFD.
  if (!text.isWellFormed()) return { ok: false, error: "Profile is not valid Unicode text." };
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > PROFILE_MAX_BYTES) {
    return { ok: false, error: `Profile is too long: ${bytes} bytes; the limit is ${PROFILE_MAX_BYTES}.` };
  }
  return { ok: true, text, bytes };
}
