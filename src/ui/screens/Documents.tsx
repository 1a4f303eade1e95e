import { useEffect, useMemo, useState } from 'react';
import { SearchResults } from '../SearchResults';
import { DocumentsTable, FilterBar, useSortToggle } from '../DocumentsTable';
import { ExportMenu } from '../ExportMenu';
import { useStore } from '../store';

export function DocumentsScreen({ batchId }: { batchId?: number }) {
  const filter = useStore((s) => s.filter);
  const setFilter = useStore((s) => s.setFilter);
  const batches = useStore((s) => s.batches);
  const go = useStore((s) => s.go);
  useEffect(() => {
    const want = batchId ?? null;
    if (filter.batchId !== want) setFilter({ batchId: want });
  }, [batchId]); // eslint-disable-line react-hooks/exhaustive-deps
  const onSort = useSortToggle(filter, setFilter);
  const [fullText, setFullText] = useState(false);
  const list = useMemo(() => Object.values(batches).sort((a, b) => b.id - a.id), [batches]);
  return (
    <section className="screen docs-screen">
      <div className="screen-head">
        <h1>Documents</h1>
        <select
          aria-label="Batch"
          value={filter.batchId ?? ''}
          onChange={(e) => go({ name: 'documents', batchId: e.target.value ? Number(e.target.value) : undefined })}
        >
          <option value="">All batches</option>
          {list.map((b) => (
            <option key={b.id} value={b.id}>
              {b.name}
            </option>
          ))}
        </select>
        <FilterBar filter={filter} onChange={setFilter} />
        <label className="check">
          <input type="checkbox" checked={fullText} onChange={(e) => setFullText(e.target.checked)} />
          Search inside documents
        </label>
        <ExportMenu
          batchId={filter.batchId}
          label={filter.batchId !== null ? (batches[filter.batchId]?.name ?? `batch ${filter.batchId}`) : 'all batches'}
        />
      </div>
      {fullText && filter.text.trim() ? (
        <SearchResults query={filter.text.trim()} />
      ) : filter.batchId === (batchId ?? null) ? (
        <DocumentsTable filter={filter} onSort={onSort} />
      ) : null}
    </section>
  );
}
