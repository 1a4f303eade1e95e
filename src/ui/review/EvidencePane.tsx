import { useEffect, useState } from 'react';
import type { DocumentDetail, FieldName } from '../../contract/domain';
import { errorMessage } from '../client';
import { FIELD_LABEL } from '../format';
import { api } from '../store';
import { HighlightBoxes } from '../HighlightBoxes';

interface Shown {
  docId: number;
  url: string;
  width: number;
  height: number;
  page: number;
}

/**
 * Beside the grid: the selected row's page with the selected field's evidence box drawn on it (the same page image
 * and word boxes the document screen shows). The page is the one the field was read on; a field without a box
 * shows the first page and says so.
 */
export function EvidencePane({
  documentId,
  field,
  version,
  waiting = false,
}: {
  documentId: number | null;
  field: FieldName;
  version: number;
  /** The cursor stands on a row whose page is still loading: its document follows. */
  waiting?: boolean;
}) {
  const [doc, setDoc] = useState<DocumentDetail | null>(null);
  const [image, setImage] = useState<Shown | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (documentId === null) {
      setDoc(null);
      return;
    }
    let cancelled = false;
    api()
      .getDocument(documentId)
      .then((d) => !cancelled && setDoc(d))
      .catch((e) => !cancelled && setError(errorMessage(e)));
    return () => {
      cancelled = true;
    };
  }, [documentId, version]);

  const f = doc?.fields.find((x) => x.name === field);
  const source = f?.source ?? null;
  const pageIdx = source?.page ?? 0;
  const hasPages = !!doc && !!doc.pageCount && doc.kind !== 'xml';

  useEffect(() => {
    if (!doc || !hasPages) {
      setImage(null);
      return;
    }
    if (image && image.docId === doc.id && image.page === pageIdx) return;
    let cancelled = false;
    setError(null);
    api()
      .getPageImage(doc.id, pageIdx, 1200)
      .then((img) => {
        if (!cancelled)
          setImage({ docId: doc.id, url: `data:${img.mime};base64,${img.base64}`, width: img.width, height: img.height, page: pageIdx });
      })
      .catch((e) => {
        if (!cancelled) {
          setImage(null);
          setError(errorMessage(e));
        }
      });
    return () => {
      cancelled = true;
    };
  }, [doc?.id, pageIdx, hasPages]); // eslint-disable-line react-hooks/exhaustive-deps

  if (documentId === null)
    return <aside className="evidence-pane muted">{waiting ? 'Loading the row…' : 'Select a row to see its page.'}</aside>;
  const page = doc?.pages.find((p) => p.index === pageIdx);
  const baseW = page?.width ?? image?.width ?? 1;
  const baseH = page?.height ?? image?.height ?? 1;
  const boxes = source?.page === pageIdx ? (source.boxes ?? []) : [];
  return (
    <aside className="evidence-pane" aria-label="Evidence">
      <div className="evidence-head small">
        <b>{doc?.name ?? '…'}</b>
        <span className="muted">
          {' '}
          · {FIELD_LABEL[field]}
          {f?.value ? `: ${f.value}` : ' (empty)'}
          {hasPages ? ` · page ${pageIdx + 1}` : ''}
        </span>
        {doc && f && !boxes.length ? (
          <div className="muted">
            {f.origin === 'user' ? 'Typed by a person: no box on the page.' : 'No box on the page for this value.'}
          </div>
        ) : null}
      </div>
      <div className="evidence-scroll">
        {image ? (
          <div className="page-wrap">
            <img src={image.url} alt={`Page ${pageIdx + 1} of ${doc?.name ?? ''}`} draggable={false} />
            <HighlightBoxes boxes={boxes} baseW={baseW} baseH={baseH} block="center" testId="evidence-box" />
          </div>
        ) : (
          <div className="no-image muted">
            {error ? `No page image: ${error}` : doc && !hasPages ? 'No page image for this document' : 'Rendering page…'}
          </div>
        )}
      </div>
    </aside>
  );
}
