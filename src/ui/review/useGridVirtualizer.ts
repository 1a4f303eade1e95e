import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, type RefObject } from 'react';
import { HEADER_H, ROW_H } from './grid-columns';
import type { ReviewRows } from './useReviewRows';

/** Only the rows in view (and 8 either side) are drawn; the rows drawn are told to the rows' store, which loads their pages. */
export function useGridVirtualizer(scrollRef: RefObject<HTMLDivElement | null>, rows: ReviewRows) {
  const virtualizer = useVirtualizer({
    count: rows.count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_H,
    overscan: 8,
    scrollMargin: HEADER_H,
  });
  const items = virtualizer.getVirtualItems();
  const first = items.length ? items[0]!.index : 0;
  const last = items.length ? items[items.length - 1]!.index : 0;
  const { setView } = rows;
  useEffect(() => setView(first, last), [first, last, setView]);
  return virtualizer;
}
