import type { Hono } from "hono";
import { normalizeUsername, parseZoobarAmount } from "@zoobar/shared";
import type { AppEnv, Viewer } from "../env";
import { BadRequestPage } from "../views/errors";
import { TransferPage, type TransferForm } from "../views/transfer";
import { type AppContext, chromeOf, readForm, renderPage, requireViewer, withViewer } from "./support";

async function showTransfer(
  c: AppContext,
  viewer: Viewer,
  form: Omit<TransferForm, "balance">,
  status: 200 | 400 | 403 = 200,
) {
  const balance = await c.env.BANK.getBalance(viewer.username);
  return renderPage(c, <TransferPage {...chromeOf(c)} {...form} balance={balance} />, status);
}

export function mountTransfer(pages: Hono<AppEnv>): void {
  pages.get("/transfer", withViewer, (c) => {
    const viewer = requireViewer(c);
    if (viewer instanceof Response) return viewer;
    return showTransfer(c, viewer, { zoobars: "", recipient: c.req.query("recipient") ?? "" });
  });

  pages.post("/transfer", withViewer, async (c) => {
    const viewer = requireViewer(c);
    if (viewer instanceof Response) return viewer;
    const read = await readForm(c);
    if (!read.ok) return renderPage(c, <BadRequestPage {...chromeOf(c)} message={read.error} />, read.status);
    const zoobars = read.fields.zoobars ?? "";
    const recipientText = read.fields.recipient ?? "";
    const refuse = (error: string, status: 400 | 403 = 400) =>
      showTransfer(c, viewer, { zoobars, recipient: recipientText, result: { ok: false, error } }, status);

    // Checked here too so that obviously bad input costs no capability; the bank checks again and decides.
    const amount = parseZoobarAmount(zoobars);
    if (!amount.ok) return refuse(amount.error);
    if (recipientText === "") return refuse("Enter the username of the recipient.");
    const recipient = normalizeUsername(recipientText);
    if (!recipient.ok) return refuse(`Recipient: ${recipient.error}`);
    if (recipient.username === viewer.username) return refuse("You cannot send zoobars to yourself.");

    const token = await c.env.AUTH.mintTransferToken(viewer.session);
    if (!token.ok) return refuse(token.error, 403);
    const sent = await c.env.BANK.transfer(token.token, recipient.username, zoobars);
    if (!sent.ok) return refuse(sent.error);
    return showTransfer(c, viewer, {
      zoobars: "",
      recipient: recipient.username,
      result: { ok: true, amount: sent.amount, recipient: recipient.username },
    });
  });
}
