// The sample profiles in profiles/, stored and viewed as the course's checks do.
import { describe, expect, it } from "vitest";
import granter from "../../../profiles/granter.py?raw";
import helloUser from "../../../profiles/hello-user.py?raw";
import lastVisits from "../../../profiles/last-visits.py?raw";
import visitTracker from "../../../profiles/visit-tracker.py?raw";
import xferTracker from "../../../profiles/xfer-tracker.py?raw";
import { balance, newUser, sandboxStats, send, setProfile, view } from "./support/app";

const FLOAT = "\\d+(\\.\\d+)?(e[-+]?\\d+)?";
const ASCTIME = "\\w{3} \\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\d{4}";

describe("sample profiles", () => {
  it("hello-user.py greets the visitor and shows the time; a second view reuses the warm interpreter", async () => {
    const [owner, visitor] = await Promise.all([newUser("hello-o"), newUser("hello-v")]);
    await setProfile(owner, helloUser);
    for (let i = 0; i < 2; i++) {
      const run = await view(visitor, owner);
      expect(run.outcome).toBe("ok");
      expect(run.output).toMatch(new RegExp(`^Hello, <i> ${visitor.username} </i>\\n<p>Current time: ${FLOAT}\\n$`));
    }
    expect(await sandboxStats(owner)).toMatchObject({ boots: 1, reuses: 1, runs: 2 });
  });

  it("visit-tracker.py counts each visitor's visits in /data", async () => {
    const [owner, v1, v2] = await Promise.all([newUser("visits-o"), newUser("visits-v1"), newUser("visits-v2")]);
    await setProfile(owner, visitTracker);
    const first = await view(v1, owner);
    expect(first.output).toBe(`Hello, <i> ${v1.username} </i>\n<p>Your visit count: 0\n<p>Your last visit: never\n`);
    const second = await view(v1, owner);
    expect(second.output).toMatch(new RegExp(`^Hello, <i> ${v1.username} </i>\\n<p>Your visit count: 1\\n<p>Your last visit: ${FLOAT}\\n$`));
    const third = await view(v1, owner);
    expect(third.output).toContain("<p>Your visit count: 2\n");
    expect((await view(v2, owner)).output).toContain("<p>Your visit count: 0\n<p>Your last visit: never");
  });

  it("last-visits.py keeps the last three visits, newest first", async () => {
    const [owner, a, b] = await Promise.all([newUser("last-o"), newUser("last-a"), newUser("last-b")]);
    await setProfile(owner, lastVisits);
    const entry = (u: { username: string }) => `<li> ${u.username} at \\d+ </li>`;
    expect((await view(a, owner)).output).toMatch(new RegExp(`^Last 3 visitors:\\n<ul>\\n${entry(a)}\\n</ul>\\n$`));
    await view(b, owner);
    await view(a, owner);
    const run = await view(b, owner);
    expect(run.output).toMatch(new RegExp(`^Last 3 visitors:\\n<ul>\\n${entry(b)}\\n${entry(a)}\\n${entry(b)}\\n</ul>\\n$`));
  });

  it("xfer-tracker.py finds the latest transfer between owner and visitor", async () => {
    const [owner, visitor] = await Promise.all([newUser("xt-o"), newUser("xt-v")]);
    await setProfile(owner, xferTracker);
    expect((await view(visitor, owner)).output).toBe("We never exchanged zoobars!\n");
    await send(visitor, owner, 3);
    expect((await view(visitor, owner)).output).toMatch(new RegExp(`^You gave me 3 zoobars @ ${ASCTIME}\\n$`));
    await send(owner, visitor, 2);
    expect((await view(visitor, owner)).output).toMatch(new RegExp(`^I gave you 2 zoobars @ ${ASCTIME}\\n$`));
  });

  it("granter.py gives all four answers as balances change, paying from the owner", async () => {
    const [owner, visitor, other] = await Promise.all([newUser("grant-o"), newUser("grant-v"), newUser("grant-x")]);
    await setProfile(owner, granter);
    const thanks = await view(visitor, owner);
    expect(thanks).toEqual({ output: "Thanks for visiting.  I gave you one zoobar.\n", outcome: "ok" });
    expect([await balance(owner), await balance(visitor)]).toEqual([9, 11]);

    expect((await view(visitor, owner)).output).toMatch(/^I gave you a zoobar \d+\.\d seconds ago\n$/);
    expect(await balance(visitor)).toBe(11);

    await send(other, visitor, 10);
    expect((await view(visitor, owner)).output).toBe("You have 21 already; no need for more\n");

    await send(owner, other, 9);
    expect((await view(visitor, owner)).output).toBe("Sorry, I have no more zoobars\n");
    expect([await balance(owner), await balance(visitor)]).toEqual([0, 21]);
  });
});
