// The change page's decide form (docs/console.md, "Deciding with your key"). Where this browser
// can sign with ML-DSA-65 and holds an approver key of the signed-in user that the registry lists
// as active, the decision is signed here: the service prepares the exact statement, the page shows
// what those bytes say, the key signs them, the service checks the signature and records. Where it
// cannot, the service-signed form stays for risks whose approvals need no approver signature, and
// the page shows the command line for those that do. Every failure says plainly that nothing was
// recorded and the change was NOT approved.
import {
  detectSupport,
  loadKey,
  prepareDecision,
  readPrepared,
  signDecision,
} from "./approver-key.js";
import { localize } from "./time.js";

const section = document.getElementById("decide-section");
const form = document.getElementById("decide");
const status = document.getElementById("browser-signing");
const fallback = document.getElementById("cli-fallback");
const why = document.getElementById("cannot-sign-why");
const confirm = document.getElementById("confirm");
const outcome = document.getElementById("outcome");
const changeId = section.dataset.changeId;
const subject = section.dataset.subject;
const required = section.dataset.signatureRequired === "true";
const activeKeys = (section.dataset.activeKeys ?? "").split(" ").filter((k) => k !== "");
// The session is no API credential: the console's copies of the endpoints take it with this header.
const api = {
  baseUrl: "/console",
  headers: { [section.dataset.csrfHeader]: section.dataset.csrfToken },
};

/** Whether this page can sign: `{key}` or `{reason}`, the reason in words for the page. */
async function signer() {
  const support = await detectSupport();
  if (!support.supported) {
    return { reason: support.message };
  }
  let key;
  try {
    key = await loadKey(subject);
  } catch (e) {
    return { reason: `this browser's key store could not be read (${e.message})` };
  }
  if (key === null) {
    return {
      reason: "this browser holds no approver key of yours; enrol one in this browser first",
    };
  }
  if (!activeKeys.includes(key.keyId)) {
    return {
      reason:
        `the key this browser holds for you (${key.keyId}) is not an active approver key: ` +
        "a platform admin has not approved its enrolment yet, or it was retired",
    };
  }
  return { key };
}

function show(element, visible) {
  element.hidden = !visible;
}

function element(tag, text, attributes = {}) {
  const e = document.createElement(tag);
  if (text !== undefined) {
    e.textContent = text;
  }
  for (const [name, value] of Object.entries(attributes)) {
    e.setAttribute(name, value);
  }
  return e;
}

function fact(list, term, value) {
  list.append(element("dt", term), element("dd", value));
}

/** The decision's body as POST /api/changes/{id}/decisions takes it, from the form. */
function decisionBody() {
  const data = new FormData(form);
  const body = {
    decision: data.get("decision"),
    justification: data.get("justification").trim(),
    planHash: data.get("planHash"),
  };
  const conditions = data
    .get("conditions")
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
  if (conditions.length > 0) {
    body.conditions = conditions;
  }
  const expiry = data.get("expiresAt");
  if (expiry) {
    // datetime-local is the browser's local time; the Date reads it so.
    body.expiresAt = new Date(expiry).toISOString();
  }
  return body;
}

/** What the prepared bytes say, read from them (not from the summary beside them). */
function showPrepared(prepared) {
  const { statement } = readPrepared(prepared);
  const list = document.getElementById("confirm-summary");
  list.replaceChildren();
  const subjectOf = statement.subject?.[0] ?? {};
  fact(list, "Change", String(subjectOf.name));
  fact(list, "Plan hash (SHA-256)", String(subjectOf.digest?.sha256));
  fact(list, "Event", String(statement.predicate?.event_type));
  fact(list, "Signed as", String(statement.predicate?.actor?.subject));
  for (const [name, value] of Object.entries(statement.predicate?.event_data ?? {})) {
    fact(list, name, Array.isArray(value) ? value.join("; ") : String(value));
  }
  fact(list, "Made at", String(statement.predicate?.created_at));
  const expires = document.getElementById("confirm-expires");
  expires.setAttribute("datetime", prepared.expiresAt);
  expires.textContent = prepared.expiresAt;
  localize(confirm);
}

function recorded(answer, keyId) {
  outcome.replaceChildren(
    element(
      "p",
      `Your decision (${answer.decision}) is recorded as log entry ${answer.receipt.index}, ` +
        `signed with your key ${keyId} and by the service.`,
      { class: "notice", role: "status", id: "recorded" },
    ),
  );
  const receipt = element("dl", undefined, { class: "facts", id: "receipt" });
  fact(receipt, "Log entry", String(answer.receipt.index));
  fact(receipt, "Leaf hash", answer.receipt.leafHash);
  fact(receipt, "Tree size", String(answer.receipt.treeSize));
  fact(receipt, "Change status", answer.change.status);
  const checkpoint = element("pre", answer.receipt.checkpoint, { id: "receipt-checkpoint" });
  const link = element("a", "The signed entry", {
    href: `/api/ledger/entries/${answer.receipt.index}`,
  });
  const entry = element("p");
  entry.append(
    link,
    " · ",
    element("a", "Reload the change with its decisions", { href: window.location.pathname }),
  );
  outcome.append(element("h3", "Receipt"), receipt, element("p", "Signed checkpoint:"), checkpoint);
  outcome.append(entry);
  document.getElementById("status").textContent = answer.change.status;
  show(outcome, true);
}

function notRecorded(error) {
  const problem = error?.problem ?? {};
  const type = typeof problem.type === "string" ? problem.type : "";
  const unknown =
    type.endsWith("/append-outcome-unknown") || type.endsWith("/idempotency-key-in-flight");
  const reason = problem.detail ?? error?.message ?? String(error);
  if (unknown) {
    outcome.replaceChildren(
      element("h3", "Outcome unknown"),
      element(
        "p",
        "It is not known whether your decision was recorded. Reload the change to see its " +
          "decisions before you decide again.",
        { class: "problem", role: "alert", id: "outcome-unknown" },
      ),
    );
  } else {
    const plain = element("p", undefined, { class: "problem", role: "alert", id: "not-recorded" });
    plain.append(
      element("strong", "The change was NOT approved."),
      " Nothing was recorded: an unsigned or unrecorded approval is not an approval.",
    );
    outcome.replaceChildren(element("h3", "Your decision was NOT recorded"), plain);
  }
  const line = element("p", "Why: ");
  line.append(element("span", reason, { id: "reason" }));
  outcome.append(line);
  show(outcome, true);
}

async function signInBrowser(keyId) {
  let prepared;
  const body = decisionBody();
  const submit = document.getElementById("decide-submit");
  submit.disabled = true;
  show(outcome, false);
  try {
    prepared = await prepareDecision(changeId, body, api);
    showPrepared(prepared);
  } catch (e) {
    submit.disabled = false;
    notRecorded(e);
    return;
  }
  show(form, false);
  show(confirm, true);
  document.getElementById("sign-submit").focus();
  const decided = await new Promise((resolve) => {
    document.getElementById("sign-submit").onclick = () => resolve(true);
    document.getElementById("sign-cancel").onclick = () => resolve(false);
  });
  show(confirm, false);
  if (!decided) {
    submit.disabled = false;
    show(form, true);
    status.textContent = "Not signed: nothing was recorded. The preparation lapses by itself.";
    return;
  }
  try {
    // Loaded again: the key may have been removed from this browser since the page was opened.
    const key = await loadKey(subject);
    if (key === null) {
      throw new Error(
        "the key this browser held for you is gone from its storage; nothing was signed",
      );
    }
    const answer = await signDecision(key, changeId, prepared, {
      ...api,
      // One preparation, one key: a retried request answers the first receipt, records once.
      headers: { ...api.headers, "Idempotency-Key": prepared.preparedId },
    });
    recorded(answer, key.keyId);
  } catch (e) {
    notRecorded(e);
    submit.disabled = false;
    show(form, true);
  }
}

async function start() {
  const can = await signer();
  if (can.key) {
    const keyId = can.key.keyId;
    status.textContent =
      `Your decision is signed in this browser with your key ${keyId}, then by the service.`;
    show(status, true);
    show(fallback, false);
    show(form, true);
    document.getElementById("decide-submit").textContent = "Prepare and review what I sign";
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      signInBrowser(keyId);
    });
    section.dataset.signing = "browser";
    return;
  }
  if (required) {
    why.textContent = `: ${can.reason}`;
    show(fallback, true);
    show(form, false);
    section.dataset.signing = "cli";
  } else {
    status.textContent = `Signed by the service: ${can.reason}.`;
    show(status, true);
    section.dataset.signing = "service";
  }
}

start();
