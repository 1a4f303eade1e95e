import { createRequire } from 'node:module';
import PostalMime, { type Address } from 'postal-mime';

/** One attached file of an e-mail, in memory: it becomes a document of its own. */
export interface MailAttachment {
  name: string;
  bytes: Uint8Array;
}

/** What an .eml or .msg holds: who sent it, when, about what, its text, and its attachments. */
export interface ParsedEmail {
  sender: string | null;
  recipients: string | null;
  subject: string | null;
  /** ISO 8601 when the message's date parses, else as written. */
  sentAt: string | null;
  messageId: string | null;
  /** Plain text (an HTML-only message: its text without tags), for search. */
  body: string;
  attachments: MailAttachment[];
}

/** A message's body is kept for search, not as a record: beyond this it is cut (the attachments matter). */
const MAX_BODY_CHARS = 200_000;

const mailbox = (a: Address | undefined): string | null => {
  if (!a) return null;
  if (a.address) return a.name ? `${a.name} <${a.address}>` : a.address;
  return a.name || null;
};

/** The text of an HTML body: tags and scripts out, entities of the common kind decoded, blank runs collapsed. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<br\s*\/?>|<\/(p|div|tr|li|h\d)>/gi, '\n')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/[ \t]+/g, ' ')
    .replace(/\n\s*\n+/g, '\n\n')
    .trim();
}

const isoDate = (s: string | null | undefined): string | null => {
  if (!s) return null;
  const t = Date.parse(s);
  return Number.isFinite(t) ? new Date(t).toISOString() : s;
};

/** A name a clerk can recognise for an attachment that has none (inline images, forwarded parts). */
function fallbackName(i: number, mime: string): string {
  const ext =
    mime
      .split('/')[1]
      ?.replace(/[^a-z0-9]/gi, '')
      .slice(0, 8) || 'bin';
  return `attachment-${i + 1}.${ext === 'rfc822' ? 'eml' : ext}`;
}

/**
 * An Internet message (.eml, RFC 5322 / MIME) read with postal-mime: headers decoded (RFC 2047 words, any
 * charset), every attachment's bytes, inline parts with a file name included (scanners and phones often send
 * the invoice inline). Forwarded messages (message/rfc822 parts) come out as .eml attachments, read in turn.
 */
export async function parseEml(bytes: Uint8Array | string): Promise<ParsedEmail> {
  const mail = await PostalMime.parse(bytes, { attachmentEncoding: 'arraybuffer', forceRfc822Attachments: true, maxNestingDepth: 64 });
  const to = [...(mail.to ?? []), ...(mail.cc ?? [])]
    .map(mailbox)
    .filter((s): s is string => !!s)
    .join(', ');
  const attachments = mail.attachments
    // An image the HTML shows by its Content-ID is a logo or signature, not a document.
    .filter((a) => !(a.related && !a.filename))
    .map((a, i) => ({
      name: a.filename || fallbackName(i, a.mimeType),
      bytes: typeof a.content === 'string' ? new TextEncoder().encode(a.content) : new Uint8Array(a.content as ArrayBuffer),
    }));
  const body = (mail.text ?? (mail.html ? htmlToText(mail.html) : '')).slice(0, MAX_BODY_CHARS);
  return {
    sender: mailbox(mail.from),
    recipients: to || null,
    subject: mail.subject ?? null,
    sentAt: isoDate(mail.date),
    messageId: mail.messageId ?? null,
    body,
    attachments,
  };
}

// The package is CommonJS with its class as `default`. It is loaded by the first .msg, not at start-up: most runs
// (and every command but process) never meet one.
type MsgReaderClass = (typeof import('@kenjiuno/msgreader/lib/MsgReader.js'))['default'];
let msgReaderClass: MsgReaderClass | null = null;
function loadMsgReader(): MsgReaderClass {
  if (!msgReaderClass) {
    const loaded = createRequire(import.meta.url)('@kenjiuno/msgreader') as MsgReaderClass | { default: MsgReaderClass };
    msgReaderClass = 'default' in loaded ? loaded.default : loaded;
  }
  return msgReaderClass;
}

/**
 * An Outlook message (.msg, a compound file of MAPI properties) read with @kenjiuno/msgreader: sender, subject,
 * date, plain body, and each attachment's bytes. An attached Outlook message comes out as an .msg, read in turn.
 */
export function parseMsg(bytes: Uint8Array): ParsedEmail {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const MsgReader = loadMsgReader();
  const reader = new MsgReader(view);
  const data = reader.getFileData();
  if (data.error) throw new Error(`not an Outlook message: ${data.error}`);
  const attachments: MailAttachment[] = [];
  (data.attachments ?? []).forEach((a, i) => {
    const got = reader.getAttachment(a);
    const name = got.fileName || a.fileName || a.fileNameShort || (a.innerMsgContent ? `message-${i + 1}.msg` : `attachment-${i + 1}.bin`);
    attachments.push({ name, bytes: got.content });
  });
  const recipients = (data.recipients ?? [])
    .map((r) => (r.smtpAddress || r.email ? `${r.name ? `${r.name} ` : ''}<${r.smtpAddress || r.email}>` : r.name))
    .filter((s): s is string => !!s)
    .join(', ');
  const sender = data.senderSmtpAddress || data.senderEmail;
  return {
    sender: sender ? (data.senderName ? `${data.senderName} <${sender}>` : sender) : (data.senderName ?? null),
    recipients: recipients || null,
    subject: data.subject ?? null,
    sentAt: isoDate(data.clientSubmitTime ?? data.messageDeliveryTime ?? data.creationTime),
    messageId: data.messageId ?? null,
    body: (data.body ?? (data.bodyHtml ? htmlToText(data.bodyHtml) : '')).slice(0, MAX_BODY_CHARS),
    attachments,
  };
}

/** The searchable text of an e-mail: its header lines a clerk would search by, then the body. */
export function emailText(e: ParsedEmail): string {
  return [
    e.sender ? `From: ${e.sender}` : null,
    e.recipients ? `To: ${e.recipients}` : null,
    e.sentAt ? `Date: ${e.sentAt}` : null,
    e.subject ? `Subject: ${e.subject}` : null,
    '',
    e.body,
  ]
    .filter((l) => l !== null)
    .join('\n');
}
