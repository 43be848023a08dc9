// What the bank tells a user whose transfer it refuses. The frontend shows these as they are.

import { RUN_MAX_TRANSFERS, RUN_MAX_ZOOBARS } from "@zoobar/shared";

export const ALREADY_MADE = "This transfer was already made: its authorization can be used only once.";

export const RUN_CAP_REACHED = `This profile has moved as much as one view may: at most ${RUN_MAX_TRANSFERS} transfers and ${RUN_MAX_ZOOBARS} zoobars per view.`;

export const NO_ACCOUNT = "You have no bank account yet. Log out and log in again to open it.";

export function onlyHave(balance: number): string {
  return `You have only ${balance} ${balance === 1 ? "zoobar" : "zoobars"}.`;
}

export function noSuchUser(username: string): string {
  return `There is no such user: ${JSON.stringify(username)}.`;
}
