// What a profile shows. Plain profiles are sanitized HTML.
import { sanitizeProfileHtml, type SanitizedHtml } from "./sanitize";

/** A profile whose first line is "#!python" is a program (run by the profile-runner, next issue). */
export function isExecutableProfile(text: string): boolean {
  return /^#!python[ \t]*(?:\r?\n|$)/.test(text);
}

export interface ProfileViewContext {
  owner: string;
  /** The logged-in visitor. */
  visitor: string;
}

/**
 * The HTML to show for `owner`'s profile.
 *
 * EXECUTABLE PROFILES PLUG IN HERE: for a "#!python" profile, the next issue
 * asks auth for a view ticket (visitor, owner), hands it to the profile-runner,
 * and sanitizes what the run printed. Until then the program's text is shown
 * like any other profile.
 */
export async function renderProfileHtml(text: string, _context: ProfileViewContext): Promise<SanitizedHtml> {
  if (isExecutableProfile(text)) {
    return sanitizeProfileHtml(text);
  }
  return sanitizeProfileHtml(text);
}
