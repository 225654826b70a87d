// The approver's own ML-DSA-65 signing key, held in this browser (docs/console.md, "Your signing
// key in the browser"). The private key is generated non-extractable by WebCrypto and kept as a
// CryptoKey in IndexedDB, one per signed-in subject: no script, this one included, can read its
// bytes, and nothing here sends it anywhere. What leaves the browser is the public key (SPKI), the
// proof of possession and DSSE signatures, byte for byte what core's Java code checks.
//
// No dependencies and no build step: the console loads this file as an ES module.

/** The WebCrypto algorithm: ML-DSA-65 (FIPS 204), pure mode. */
export const ALGORITHM = "ML-DSA-65";

/** The payload type of the statements the service prepares (docs/formats.md, DSSE). */
export const IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";

/** Where the keys are kept: one record per subject, keyed by the subject. */
export const STORE = Object.freeze({ database: "cab-ledger-approver-keys", objectStore: "keys" });

// Every signature uses the empty context, as core's MlDsaSigner and MlDsaVerifier do.
const SIGN_PARAMS = Object.freeze({ name: ALGORITHM, context: new Uint8Array(0) });
const SPKI_LENGTH = 1974;
const SIGNATURE_LENGTH = 3309;

/**
 * Why an operation failed, in `code`:
 * - `unsupported`: this browser cannot hold the key (`reason` says why, as detectSupport does);
 * - `key-exists`: the subject has a key here already (generate with `{replace: true}` to drop it);
 * - `storage-failed`: IndexedDB refused to keep or read the key;
 * - `signing-failed`: WebCrypto made no signature, or one that does not verify;
 * - `bad-input`: an argument is not what the function takes (a prepared statement that is not one);
 * - `refused`: the service refused a call (`status`, and `problem`: its problem+json).
 */
export class ApproverKeyError extends Error {
  constructor(code, message, details = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = "ApproverKeyError";
    this.code = code;
    this.reason = details.reason;
    this.status = details.status;
    this.problem = details.problem;
  }
}

let support;

/**
 * Whether this browser can hold an approver key: `{supported: true}`, or `{supported: false,
 * reason, message}` with reason `insecure-context` (WebCrypto needs HTTPS or a loopback address),
 * `no-webcrypto`, `no-indexeddb` or `no-ml-dsa` (WebCrypto without ML-DSA-65). Answered once per
 * page: it generates a throwaway key and signs with it, since WebCrypto has no other way to ask.
 */
export function detectSupport() {
  support ??= probe();
  return support;
}

async function probe() {
  if (!globalThis.isSecureContext) {
    return unsupported(
      "insecure-context",
      "this page is not a secure context (HTTPS), so the browser offers no WebCrypto",
    );
  }
  if (!globalThis.crypto?.subtle) {
    return unsupported("no-webcrypto", "this browser offers no WebCrypto");
  }
  if (!globalThis.indexedDB) {
    return unsupported("no-indexeddb", "this browser offers no IndexedDB to keep a key in");
  }
  try {
    // A signature too, with the context parameter: a browser could know the algorithm but not
    // the context, and signing is what the page will need.
    const pair = await crypto.subtle.generateKey({ name: ALGORITHM }, false, ["sign", "verify"]);
    await crypto.subtle.sign(SIGN_PARAMS, pair.privateKey, new Uint8Array(1));
  } catch (e) {
    return unsupported(
      "no-ml-dsa",
      `this browser's WebCrypto has no ${ALGORITHM} (${e?.name ?? "error"}: ${e?.message ?? e})`,
    );
  }
  return Object.freeze({ supported: true });
}

function unsupported(reason, message) {
  return Object.freeze({ supported: false, reason, message });
}

async function requireSupport() {
  const s = await detectSupport();
  if (!s.supported) {
    throw new ApproverKeyError("unsupported", s.message, { reason: s.reason });
  }
}

/**
 * The DSSE v1 pre-authentication encoding, as core's Envelope.pae: "DSSEv1" SP len(type) SP type
 * SP len(payload) SP payload, lengths as ASCII decimal byte counts, the type in UTF-8.
 */
export function pae(payloadType, payload) {
  if (typeof payloadType !== "string" || payloadType.length === 0) {
    throw new ApproverKeyError("bad-input", "the payload type is a non-empty string");
  }
  const body = bytes(payload, "the payload");
  const encoder = new TextEncoder();
  const type = encoder.encode(payloadType);
  const head = encoder.encode(`DSSEv1 ${type.length} `);
  const middle = encoder.encode(` ${body.length} `);
  const out = new Uint8Array(head.length + type.length + middle.length + body.length);
  out.set(head, 0);
  out.set(type, head.length);
  out.set(middle, head.length + type.length);
  out.set(body, head.length + type.length + middle.length);
  return out;
}

/**
 * The id the service gives an ML-DSA-65 key, as core's KeyId.forMlDsa65: "mldsa65-" and the first
 * 8 bytes of SHA-256 over the key's SubjectPublicKeyInfo DER, in lower-case hex.
 */
export async function keyIdOf(spki) {
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes(spki, "the SPKI")));
  const hex = Array.from(hash.subarray(0, 8), (b) => b.toString(16).padStart(2, "0"));
  return "mldsa65-" + hex.join("");
}

/** The subject's key held in this browser, or null if there is none. */
export async function loadKey(subject) {
  checkSubject(subject);
  await requireSupport();
  const record = await withStore("readonly", (store) => store.get(subject));
  return record === undefined ? null : new ApproverKey(record);
}

/**
 * Generates a new non-extractable key pair for the subject and keeps it in this browser. A key
 * the subject holds here already is kept, and this refuses (`key-exists`), unless `replace` is
 * true: dropping an enrolled key leaves its owner unable to sign with it.
 */
export async function generateKey(subject, { replace = false } = {}) {
  checkSubject(subject);
  await requireSupport();
  const pair = await crypto.subtle.generateKey({ name: ALGORITHM }, false, ["sign", "verify"]);
  const spki = new Uint8Array(await crypto.subtle.exportKey("spki", pair.publicKey));
  if (spki.length !== SPKI_LENGTH || pair.privateKey.extractable) {
    throw new ApproverKeyError(
      "unsupported",
      `this browser's ${ALGORITHM} keys are not as FIPS 204 and RFC 9881 say`,
      { reason: "no-ml-dsa" },
    );
  }
  const record = {
    subject,
    keyId: await keyIdOf(spki),
    spki: spki.buffer,
    privateKey: pair.privateKey,
    publicKey: pair.publicKey,
    createdAt: new Date().toISOString(),
  };
  try {
    // add refuses an existing subject, so a second tab cannot silently replace the key either.
    await withStore("readwrite", (store) => (replace ? store.put(record) : store.add(record)));
  } catch (e) {
    if (e?.name === "ConstraintError") {
      throw new ApproverKeyError(
        "key-exists",
        `${subject} holds a key in this browser already; replacing it needs replace: true`,
        { cause: e },
      );
    }
    throw e;
  }
  return new ApproverKey(record);
}

/** Drops the subject's key from this browser (after its retirement, say); no key is no error. */
export async function forgetKey(subject) {
  checkSubject(subject);
  await requireSupport();
  await withStore("readwrite", (store) => store.delete(subject));
}

/**
 * Enrols the key with the service (docs/workflow.md, "Approver keys"): asks for a challenge,
 * signs it and submits the public key with that proof. Resolves to the enrolment as the service
 * answers it (`enrolment`, `receipt`); a refusal rejects with code `refused` and the problem.
 * `headers` go with both calls (the console's CSRF header, or a bearer token).
 */
export async function enrol(key, { baseUrl = "", headers = {} } = {}) {
  const challenged = await call(`${baseUrl}/api/keys/enrolments/challenge`, { headers });
  const proof = await key.proofOfPossession(challenged.challenge);
  return call(`${baseUrl}/api/keys/enrolments`, {
    method: "POST",
    headers: { ...headers, "Content-Type": "application/json" },
    body: JSON.stringify(proof),
  });
}

/**
 * The first step of a signed decision: the service prepares the exact statement of `decision`
 * (the body POST /api/changes/{id}/decisions takes) for the change. Resolves to the service's
 * answer (`preparedId`, `payloadType`, `payload`, `summary`, `expiresAt`) with `read`: the
 * statement as readPrepared reads it from the payload, which is what the page shows before signing.
 */
export async function prepareDecision(changeId, decision, { baseUrl = "", headers = {} } = {}) {
  const prepared = await call(`${baseUrl}/api/changes/${pathSegment(changeId)}/decisions/prepare`, {
    method: "POST",
    headers: { ...headers, "Content-Type": "application/json" },
    body: JSON.stringify(decision),
  });
  return { ...prepared, read: readPrepared(prepared) };
}

/**
 * The second step: signs the prepared payload's bytes with the key and submits `{keyid, sig}`.
 * Resolves to the service's answer once the decision is recorded; any refusal rejects (`refused`),
 * and then nothing was recorded.
 */
export async function signDecision(key, changeId, prepared, { baseUrl = "", headers = {} } = {}) {
  if (typeof prepared?.preparedId !== "string" || prepared.preparedId.length === 0) {
    throw new ApproverKeyError("bad-input", "a prepared statement has a preparedId");
  }
  const body = await key.signPrepared(prepared);
  const decisions = `${baseUrl}/api/changes/${pathSegment(changeId)}/decisions`;
  return call(`${decisions}/${pathSegment(prepared.preparedId)}/sign`, {
    method: "POST",
    headers: { ...headers, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
}

function pathSegment(value) {
  if (typeof value !== "string" || value.length === 0) {
    throw new ApproverKeyError("bad-input", "a path segment is a non-empty string");
  }
  return encodeURIComponent(value);
}

async function call(url, init) {
  const response = await fetch(url, {
    credentials: "same-origin",
    cache: "no-store",
    ...init,
    headers: { Accept: "application/json, application/problem+json", ...init.headers },
  });
  const text = await response.text();
  let body;
  try {
    body = text === "" ? {} : JSON.parse(text);
  } catch {
    body = {}; // not JSON (a proxy's error page, say): the status says what happened
  }
  if (!response.ok) {
    throw new ApproverKeyError(
      "refused",
      body.detail ?? `the service answered ${response.status} to ${url}`,
      { status: response.status, problem: body },
    );
  }
  return body;
}

/** A key held in this browser; get one from loadKey or generateKey. */
export class ApproverKey {
  #privateKey;
  #publicKey;
  #spki;

  constructor(record) {
    this.subject = record.subject;
    this.keyId = record.keyId;
    this.createdAt = record.createdAt;
    this.#privateKey = record.privateKey;
    this.#publicKey = record.publicKey;
    this.#spki = new Uint8Array(record.spki);
    Object.freeze(this);
  }

  /** The public key's SubjectPublicKeyInfo DER (a copy). */
  get spki() {
    return this.#spki.slice();
  }

  /** The public key as the enrolment endpoint takes it: base64 SPKI DER. */
  get publicKeyBase64() {
    return toBase64(this.#spki);
  }

  /**
   * An ML-DSA-65 signature (empty context) over the message. Checked with the public key before
   * it is returned, so a faulty signature fails here (`signing-failed`) rather than at the server.
   */
  async sign(message) {
    const data = bytes(message, "the message");
    let signature;
    try {
      signature = new Uint8Array(await crypto.subtle.sign(SIGN_PARAMS, this.#privateKey, data));
    } catch (e) {
      const why = `${ALGORITHM} signing failed: ${e?.message ?? e}`;
      throw new ApproverKeyError("signing-failed", why, { cause: e });
    }
    const valid =
      signature.length === SIGNATURE_LENGTH &&
      (await crypto.subtle.verify(SIGN_PARAMS, this.#publicKey, signature, data));
    if (!valid) {
      throw new ApproverKeyError(
        "signing-failed",
        `${ALGORITHM} signing gave a signature that does not verify`,
      );
    }
    return signature;
  }

  /** A DSSE signature `{keyid, sig}` (sig in base64) over PAE(payloadType, payload). */
  async signDsse(payloadType, payload) {
    const sig = await this.sign(pae(payloadType, payload));
    return { keyid: this.keyId, sig: toBase64(sig) };
  }

  /**
   * The body of the decision's sign step, `{keyid, sig}`, for a statement the service prepared
   * (`{payloadType, payload}`, the payload in base64): the signature is over the bytes the
   * service sent, exactly; read them with readPrepared to show what is signed.
   */
  async signPrepared(prepared) {
    const { payloadType, payload } = readPrepared(prepared);
    return this.signDsse(payloadType, payload);
  }

  /**
   * The body of POST /api/keys/enrolments: `{publicKey, challenge, signature}`, the signature
   * over the challenge's UTF-8 bytes, as the service's EnrolmentController checks it.
   */
  async proofOfPossession(challenge) {
    if (typeof challenge !== "string" || challenge.length === 0) {
      throw new ApproverKeyError("bad-input", "the challenge is a non-empty string");
    }
    const signature = await this.sign(new TextEncoder().encode(challenge));
    return { publicKey: this.publicKeyBase64, challenge, signature: toBase64(signature) };
  }
}

/**
 * A prepared statement's bytes and what they say: `{payloadType, payload (bytes), statement
 * (parsed)}`. The page shows the statement read here, from the bytes it signs, not a summary
 * written beside them. Refuses (`bad-input`) anything but an in-toto statement in base64.
 */
export function readPrepared(prepared) {
  if (prepared?.payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    throw new ApproverKeyError(
      "bad-input",
      `a prepared statement has payloadType ${IN_TOTO_PAYLOAD_TYPE}`,
    );
  }
  const payload = fromBase64(prepared.payload);
  let statement;
  try {
    statement = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(payload));
  } catch (e) {
    throw new ApproverKeyError("bad-input", "the prepared payload is not UTF-8 JSON", { cause: e });
  }
  if (statement?._type !== "https://in-toto.io/Statement/v1") {
    throw new ApproverKeyError("bad-input", "the prepared payload is not an in-toto statement v1");
  }
  return { payloadType: prepared.payloadType, payload, statement };
}

/** Standard, padded base64 (RFC 4648 §4), as the service writes it. */
export function toBase64(data) {
  const b = bytes(data, "the data");
  let binary = "";
  for (let i = 0; i < b.length; i += 0x8000) {
    binary += String.fromCharCode.apply(null, b.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** Decodes standard, padded base64; refuses (`bad-input`) anything else. */
export function fromBase64(text) {
  if (typeof text !== "string" || text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) {
    throw new ApproverKeyError("bad-input", "not standard padded base64");
  }
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) {
    out[i] = binary.charCodeAt(i);
  }
  return out;
}

function bytes(data, what) {
  if (data instanceof Uint8Array) {
    return data;
  }
  if (data instanceof ArrayBuffer) {
    return new Uint8Array(data);
  }
  throw new ApproverKeyError("bad-input", `${what} is a Uint8Array or an ArrayBuffer`);
}

function checkSubject(subject) {
  if (typeof subject !== "string" || subject.length === 0) {
    throw new ApproverKeyError("bad-input", "the subject is the signed-in user's non-empty name");
  }
}

// One short transaction per call; the database is opened (and made, the first time) each time,
// which costs little next to a signature and leaves no connection to block an upgrade.
function withStore(mode, operation) {
  return new Promise((resolve, reject) => {
    const failed = (e) =>
      reject(
        e instanceof ApproverKeyError || e?.name === "ConstraintError"
          ? e
          : new ApproverKeyError("storage-failed", `IndexedDB: ${e?.message ?? e}`, { cause: e }),
      );
    const opening = indexedDB.open(STORE.database, 1);
    opening.onupgradeneeded = () =>
      opening.result.createObjectStore(STORE.objectStore, { keyPath: "subject" });
    opening.onerror = () => failed(opening.error);
    opening.onblocked = () => failed(new Error("the key database is blocked by another tab"));
    opening.onsuccess = () => {
      const db = opening.result;
      let result;
      try {
        // Strict: the write is on disk before the transaction completes (Chromium's default
        // durability is relaxed), and a key that is lost cannot be made again.
        const tx = db.transaction(STORE.objectStore, mode, { durability: "strict" });
        const request = operation(tx.objectStore(STORE.objectStore));
        request.onsuccess = () => {
          result = request.result;
        };
        // Resolved on commit, not on the request's success: a key is kept once it is durable.
        tx.oncomplete = () => {
          db.close();
          resolve(result);
        };
        tx.onerror = () => {
          db.close();
          failed(tx.error ?? request.error);
        };
        tx.onabort = () => {
          db.close();
          failed(tx.error ?? new Error("the transaction was aborted"));
        };
      } catch (e) {
        db.close();
        failed(e);
      }
    };
  });
}
