import { useEffect, useState } from 'react';
import type { SearchHit } from '../contract/engine-api';
import { FIELD_LABEL } from './format';
import { api, attempt, useStore } from './store';

/** «match» markers from the engine become <mark>; everything else stays plain text (never HTML). */
export function Snippet({ text }: { text: string }) {
  const parts = text.split(/(«[^»]*»)/g);
  return (
    <>{parts.map((p, i) => (p.startsWith('«') && p.endsWith('»') ? <mark key={i}>{p.slice(1, -1)}</mark> : <span key={i}>{p}</span>))}</>
  );
}

/** Where a hit is, in a clerk's words: "file name", "Vendor", not the index's "file_name", "vendor_name". */
export function hitFieldLabel(field: string): string {
  if (field === 'file_name') return 'file name';
  return FIELD_LABEL[field] ?? field.replace(/_/g, ' ');
}

export function SearchResults({ query }: { query: string }) {
  const go = useStore((s) => s.go);
  const setNavIds = useStore((s) => s.setNavIds);
  const [hits, setHits] = useState<SearchHit[] | null>(null);
  useEffect(() => {
    let live = true;
    setHits(null);
    void attempt('Search', () => api().search(query, 200)).then((h) => live && setHits(h ?? []));
    return () => {
      live = false;
    };
  }, [query]);
  if (hits === null) return <div className="card muted">Searching…</div>;
  if (!hits.length) return <div className="card muted">Nothing found for “{query}”.</div>;
  return (
    <ul className="hits" aria-label="Search results">
      {hits.map((h, i) => (
        <li key={`${h.documentId}-${h.page}-${h.field}-${i}`}>
          <button
            className="link file-name"
            onClick={() => {
              setNavIds(Array.from(new Set(hits.map((x) => x.documentId))));
              go({ name: 'document', id: h.documentId });
            }}
          >
            {h.name}
          </button>
          <span className="muted small">{h.field ? ` · ${hitFieldLabel(h.field)}` : h.page !== null ? ` · page ${h.page + 1}` : ''}</span>
          <div className="snippet">
            <Snippet text={h.snippet} />
          </div>
        </li>
      ))}
    </ul>
  );
}
