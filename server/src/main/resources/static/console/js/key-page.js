// The key page: whether this browser can hold an ML-DSA-65 key, the key it holds for the signed-in
// user, and "Create and enrol a key". The enrolment goes to the console's own copies of the
// enrolment endpoints (/console/api/keys/...) with the session cookie and the CSRF header: the
// session is not an API credential (docs/console.md, "Enrolling it").
import { detectSupport, enrol, generateKey, loadKey } from "./approver-key.js";

const page = document.getElementById("key-page");
const subject = page.dataset.subject;
const csrf = { [page.dataset.csrfHeader]: page.dataset.csrfToken };
const support = document.getElementById("support");
const held = document.getElementById("browser-key");
const button = document.getElementById("create-key");
const result = document.getElementById("enrol-result");
const cli = document.getElementById("cli");

function say(element, text, kind) {
  element.textContent = text;
  element.className = kind;
}

async function show() {
  const supported = await detectSupport();
  if (!supported.supported) {
    say(support, `This browser cannot make or hold an ML-DSA-65 key: ${supported.message}`, "problem");
    cli.hidden = false;
    return;
  }
  say(support, "This browser supports ML-DSA-65 keys; yours never leaves it.", "notice");
  let key = null;
  try {
    key = await loadKey(subject);
  } catch (e) {
    say(result, `The key store of this browser could not be read: ${e.message}`, "problem");
  }
  held.textContent = key ? key.keyId : "none";
  button.textContent = key ? "Replace it with a new key and enrol that" : "Create and enrol a key";
  button.hidden = false;
  button.addEventListener("click", () => create(key !== null));
}

async function create(replace) {
  button.disabled = true;
  say(result, "Making the key and enrolling it…", "");
  try {
    const key = await generateKey(subject, { replace });
    held.textContent = key.keyId;
    const answer = await enrol(key, { baseUrl: "/console", headers: csrf });
    say(
      result,
      `Key ${answer.enrolment.keyId} is enrolled (log entry ${answer.enrolment.entryIndex}); ` +
        "a platform admin other than you approves it before your signatures count.",
      "notice",
    );
  } catch (e) {
    const why = e.problem?.detail ?? e.message;
    say(result, `The key was NOT enrolled: ${why}`, "problem");
  } finally {
    button.disabled = false;
  }
}

show();
