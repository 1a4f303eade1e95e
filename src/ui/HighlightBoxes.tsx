import type { Box } from '../contract/domain';

/**
 * The boxes a field's value was read from, drawn over its page image (the document screen and the review grid's
 * evidence pane). Positions are shares of the page's own size (`baseW` x `baseH`, the coordinates the boxes are in),
 * so they follow the image at any zoom; the first box is scrolled into view.
 */
export function HighlightBoxes({
  boxes,
  baseW,
  baseH,
  block,
  testId,
}: {
  boxes: readonly Box[];
  baseW: number;
  baseH: number;
  /** How the first box is scrolled into view: centred (evidence pane) or just enough (document screen). */
  block: ScrollLogicalPosition;
  testId?: string;
}) {
  return (
    <>
      {boxes.map((b, k) => (
        <div
          key={k}
          className="hl-box"
          data-testid={testId}
          ref={k === 0 ? (el) => el?.scrollIntoView({ block, inline: 'nearest' }) : undefined}
          style={{
            left: `${(b.x0 / baseW) * 100}%`,
            top: `${(b.y0 / baseH) * 100}%`,
            width: `${((b.x1 - b.x0) / baseW) * 100}%`,
            height: `${((b.y1 - b.y0) / baseH) * 100}%`,
          }}
        />
      ))}
    </>
  );
}
