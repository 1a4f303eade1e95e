/**
 * The name to save a document's invoice XML under: a bare XML file keeps its own name; a hybrid PDF's attachment
 * is named after the PDF (so "RE-508.pdf" gives "RE-508 factur-x.xml", not one of many "factur-x.xml").
 */
export function xmlFileName(documentName: string, attachment: string | null): string {
  if (attachment === null) return /\.xml$/i.test(documentName) ? documentName : `${documentName}.xml`;
  return `${documentName.replace(/\.pdf$/i, '')} ${attachment}`;
}
