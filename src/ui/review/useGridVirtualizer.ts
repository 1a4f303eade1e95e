import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, type RefObject } from 'react';
import { HEADER_H, ROW_H } from './grid-columns';
import type { ReviewRows } from './useReviewRows';

/** Only the rows in view (and 8 either side) are drawn; scrolling within 30 rows of the end of what is loaded loads more. */
export function useGridVirtualizer(scrollRef: RefObject<HTMLDivElement | null>, rows: ReviewRows) {
  const virtualizer = useVirtualizer({
    count: rows.count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_H,
    overscan: 8,
    scrollMargin: HEADER_H,
  });
  const items = virtualizer.getVirtualItems();
  const last = items.length ? items[items.length - 1]!.index : 0;
  const { started, more, loadUntil } = rows;
  const loaded = rows.rows.length;
  useEffect(() => {
    if (started && more && last + 30 >= loaded) void loadUntil(last);
  }, [last, started, more, loaded, loadUntil]);
  return virtualizer;
}
