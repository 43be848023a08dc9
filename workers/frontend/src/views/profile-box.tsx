import type { FC } from "hono/jsx";
import type { SanitizedHtml } from "../sanitize";

/**
 * The one place that inserts HTML without escaping, and it accepts only the
 * sanitizer's output (the SanitizedHtml type cannot be made from a plain string
 * without a cast). The box is CSS-contained so a profile cannot draw outside it.
 */
export const SanitizedProfileBox: FC<{ html: SanitizedHtml }> = ({ html }) => (
  <div id="profile" dangerouslySetInnerHTML={{ __html: html }}></div>
);
