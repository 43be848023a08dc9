// The well-behaved profiles of the hostile-load benchmark: the samples in
// profiles/ and one plain-text profile, each with a check that the page shows
// exactly what that profile should show to this visitor. A check returns null
// when the output is right, or says what is wrong. `memo` is kept per
// (visitor, owner) pair across views, for profiles whose output depends on
// earlier views; `memo.lostView` is set when an earlier view of the pair failed,
// so its effect on /data is unknown.
import { sampleProfile } from "./site.mjs";

const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const KINDS = {
  "hello-user": {
    text: () => sampleProfile("hello-user.py"),
    check: (box, { visitor }) =>
      box.includes(`Hello, <i> ${visitor} </i>`) && /<p>Current time: \d{10}\.\d+/.test(box) ? null : "no greeting for this visitor",
  },
  "visit-tracker": {
    text: () => sampleProfile("visit-tracker.py"),
    check: (box, { visitor, memo }) => {
      if (!box.includes(`Hello, <i> ${visitor} </i>`)) return "no greeting for this visitor";
      const m = /<p>Your visit count: (\d+)/.exec(box);
      if (!m) return "no visit count";
      const count = Number(m[1]);
      const expected = memo.views ?? 0;
      // Runs for one owner are serialized and each keeps its /data update, so a
      // visitor's count goes up by exactly one per view (unless a view was lost).
      const right = memo.lostView ? count >= expected : count === expected;
      memo.views = Math.max(expected, count) + 1;
      return right ? null : `visit count ${count}, expected ${memo.lostView ? "at least " : ""}${expected}`;
    },
  },
  "last-visits": {
    text: () => sampleProfile("last-visits.py"),
    check: (box, { visitor }) => {
      if (!box.includes("Last 3 visitors:")) return "no visitor list";
      const items = [...box.matchAll(/<li>\s*(.*?)\s*<\/li>/g)].map((m) => m[1]);
      if (items.length < 1 || items.length > 3) return `${items.length} list items`;
      // This view is the newest visit, so it heads the list.
      return new RegExp(`^${esc(visitor)} at \\d{10}$`).test(items[0]) ? null : `list starts with "${items[0]}"`;
    },
  },
  "xfer-tracker": {
    text: () => sampleProfile("xfer-tracker.py"),
    // The benchmark never moves zoobars between this owner and anyone.
    check: (box) => (box.includes("We never exchanged zoobars!") ? null : "a transfer that never happened"),
  },
  granter: {
    text: () => sampleProfile("granter.py"),
    check: (box) =>
      /Thanks for visiting\. {2}I gave you one zoobar\.|I gave you a zoobar \d+\.\d seconds ago|Sorry, I have no more zoobars|You have \d+ already; no need for more/.test(box)
        ? null
        : "none of granter.py's four answers",
  },
  plain: {
    text: (owner) => `<b>Plain profile of ${owner}</b>: no code here.`,
    check: (box, { owner }) => (box.includes(`<b>Plain profile of ${owner}</b>`) ? null : "not this owner's plain text"),
  },
};

/** `count` normal owners, cycling through the kinds above. */
export function normalOwners(count) {
  const kinds = Object.keys(KINDS);
  return Array.from({ length: count }, (_, i) => {
    const kind = kinds[i % kinds.length];
    const name = `normal-${i}-${kind}`;
    return { name, kind, text: KINDS[kind].text(name), check: KINDS[kind].check };
  });
}
