/**
 * Files Docket does not read, named the way a clerk knows them ("Word document (.docx) is not supported",
 * not "unsupported type: application/zip"), and the verdict for each: a file named like a document Docket
 * reads (.pdf, .jpg ...) that is something else was meant to be processed, so it fails with the reason; any
 * other file is skipped.
 */

/** Formats by extension: what the clerk sees in the file manager. */
const BY_EXTENSION: Record<string, string> = {
  '.doc': 'Word document',
  '.docx': 'Word document',
  '.docm': 'Word document',
  '.dot': 'Word template',
  '.dotx': 'Word template',
  '.xls': 'Excel workbook',
  '.xlsx': 'Excel workbook',
  '.xlsm': 'Excel workbook',
  '.xlsb': 'Excel workbook',
  '.ppt': 'PowerPoint presentation',
  '.pptx': 'PowerPoint presentation',
  '.odt': 'OpenDocument text',
  '.ods': 'OpenDocument spreadsheet',
  '.odp': 'OpenDocument presentation',
  '.pages': 'Pages document',
  '.numbers': 'Numbers spreadsheet',
  '.key': 'Keynote presentation',
  '.rtf': 'Rich Text document',
  '.txt': 'Text file',
  '.md': 'Markdown file',
  '.csv': 'CSV file',
  '.tsv': 'TSV file',
  '.json': 'JSON file',
  '.html': 'Web page',
  '.htm': 'Web page',
  '.eml': 'E-mail message',
  '.msg': 'Outlook message',
  '.zip': 'ZIP archive',
  '.7z': '7-Zip archive',
  '.rar': 'RAR archive',
  '.gz': 'gzip archive',
  '.tar': 'tar archive',
  '.heic': 'HEIC photo',
  '.heif': 'HEIF photo',
  '.svg': 'SVG drawing',
  '.psd': 'Photoshop image',
  '.ai': 'Illustrator drawing',
  '.eps': 'PostScript file',
  '.ps': 'PostScript file',
  '.xps': 'XPS document',
  '.oxps': 'XPS document',
  '.djvu': 'DjVu document',
  '.epub': 'e-book',
  '.mp3': 'audio file',
  '.wav': 'audio file',
  '.m4a': 'audio file',
  '.mp4': 'video',
  '.mov': 'video',
  '.avi': 'video',
  '.exe': 'program',
  '.dll': 'program library',
  '.lnk': 'Windows shortcut',
};

/** Formats by the type sniffed from the file's first bytes (file-type's MIME names). */
const BY_MIME: Record<string, string> = {
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word document',
  'application/msword': 'Word document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel workbook',
  'application/vnd.ms-excel': 'Excel workbook',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'PowerPoint presentation',
  'application/vnd.ms-powerpoint': 'PowerPoint presentation',
  'application/vnd.oasis.opendocument.text': 'OpenDocument text',
  'application/vnd.oasis.opendocument.spreadsheet': 'OpenDocument spreadsheet',
  'application/vnd.oasis.opendocument.presentation': 'OpenDocument presentation',
  'application/rtf': 'Rich Text document',
  'application/x-cfb': 'Office 97-2003 document',
  'application/vnd.ms-outlook': 'Outlook message',
  'message/rfc822': 'E-mail message',
  'application/zip': 'ZIP archive',
  'application/x-7z-compressed': '7-Zip archive',
  'application/x-rar-compressed': 'RAR archive',
  'application/gzip': 'gzip archive',
  'application/x-tar': 'tar archive',
  'image/heic': 'HEIC photo',
  'image/heif': 'HEIF photo',
  'image/avif': 'AVIF image',
  'image/jxl': 'JPEG XL image',
  'image/jp2': 'JPEG 2000 image',
  'image/vnd.adobe.photoshop': 'Photoshop image',
  'image/x-icon': 'icon',
  'image/svg+xml': 'SVG drawing',
  'application/postscript': 'PostScript file',
  'application/oxps': 'XPS document',
  'image/vnd.djvu': 'DjVu document',
  'application/epub+zip': 'e-book',
  'application/x-msdownload': 'program',
  'application/x-elf': 'program',
  'application/xml': 'XML file',
};

/** Containers a sniff sees for many formats (an .xlsx and a .docx are both ZIPs): the extension names these better. */
const GENERIC_MIMES = new Set(['application/zip', 'application/x-cfb', 'application/octet-stream', 'application/xml']);

/** Extensions of what Docket reads: a file so named was meant to be processed, whatever it really holds. */
const DOCUMENT_EXTENSIONS: Record<string, string> = {
  '.pdf': 'a PDF',
  '.png': 'a PNG image',
  '.jpg': 'a JPEG image',
  '.jpeg': 'a JPEG image',
  '.jpe': 'a JPEG image',
  '.tif': 'a TIFF image',
  '.tiff': 'a TIFF image',
  '.bmp': 'a BMP image',
  '.webp': 'a WebP image',
  '.gif': 'a GIF image',
};

export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? fileName.slice(dot).toLowerCase() : '';
}

/** Common nouns among the names above, lower-cased inside a sentence; the rest are proper names (Word, Excel). */
const COMMON_NOUN = /^(Text|Web|E-mail|program|audio|video|e-book|icon)\b/;
/** "a Word document", "an Excel workbook", "a text file": the name inside a sentence. */
function article(name: string): string {
  const shown = COMMON_NOUN.test(name) ? name.charAt(0).toLowerCase() + name.slice(1) : name;
  return `${/^([aeiou]|(XML|XPS|SVG|RAR)\b)/i.test(shown) ? 'an' : 'a'} ${shown}`;
}

/** What a sniffed file that Docket does not read is: a format name, or how its bytes look. */
export interface UnreadFile {
  /** The sniffed MIME type, when the first bytes matched a known signature. */
  mime: string | null;
  /** The sniff's own description (text file, unknown binary, XML that is not an e-invoice). */
  label: string;
}

function formatName(file: UnreadFile, ext: string): string | null {
  const byMime = file.mime ? BY_MIME[file.mime] : undefined;
  if (byMime && !GENERIC_MIMES.has(file.mime!)) return byMime;
  return BY_EXTENSION[ext] ?? byMime ?? null;
}

/** "a text file", "a Word document", "an unknown kind of file": what the file really holds. */
function whatItIs(file: UnreadFile, ext: string): string {
  if (file.label.startsWith('XML file')) return 'an XML file that is not an e-invoice';
  const byMime = file.mime ? BY_MIME[file.mime] : undefined;
  if (byMime) return article(byMime);
  if (file.label.startsWith('text file')) return 'a text file';
  const byExt = BY_EXTENSION[ext];
  return byExt && !DOCUMENT_EXTENSIONS[ext] ? article(byExt) : 'an unknown kind of file';
}

/**
 * The verdict on a file Docket does not read. Named like a document ("notes.pdf" holding text): failed, "not
 * a PDF (it is a text file)". Anything else: skipped, "Word document (.docx) is not supported".
 */
export function unreadVerdict(file: UnreadFile, fileName: string): ['failed' | 'skipped', string] {
  const ext = extensionOf(fileName);
  const meant = DOCUMENT_EXTENSIONS[ext];
  if (meant) return ['failed', `not ${meant} (it is ${whatItIs(file, ext)})`];
  if (file.label.startsWith('XML file')) return ['skipped', file.label];
  const name = formatName(file, ext);
  if (name) return ['skipped', `${name}${ext ? ` (${ext})` : ''} is not supported`];
  if (file.label.startsWith('text file')) return ['skipped', `text file${ext ? ` (${ext})` : ''} is not supported`];
  return ['skipped', `unknown kind of file${ext ? ` (${ext})` : ''}: not a PDF, image or e-invoice`];
}
