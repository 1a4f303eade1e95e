/**
 * Page geometry before OCR: blank-page detection, skew estimation by projection profiles, and the
 * right-angle rotations. Everything works on 8-bit grey pixels.
 *
 * Conventions: angles are clockwise degrees in image coordinates (y grows downwards), matching
 * sharp's rotate(). `skew` is the angle the page content is tilted by; the fix rotates by -skew.
 */
import sharp from 'sharp';
import type { GrayPixels } from './image-decode.js';

/** Nearest-neighbour subsample to at most maxSide: enough for statistics, microseconds to compute. */
export function subsample(img: GrayPixels, maxSide: number): GrayPixels {
  const step = Math.max(1, Math.ceil(Math.max(img.width, img.height) / maxSide));
  if (step === 1) return img;
  const w = Math.floor(img.width / step);
  const h = Math.floor(img.height / step);
  const out = Buffer.allocUnsafe(w * h);
  for (let y = 0; y < h; y++) {
    const row = y * step * img.width;
    for (let x = 0; x < w; x++) out[y * w + x] = img.data[row + x * step]!;
  }
  return { data: out, width: w, height: h };
}

/** Otsu's threshold over the histogram: separates ink from paper whatever the scan's brightness. */
export function otsuThreshold(data: Uint8Array): number {
  const hist = new Float64Array(256);
  for (let i = 0; i < data.length; i++) hist[data[i]!]!++;
  const total = data.length;
  let sum = 0;
  for (let t = 0; t < 256; t++) sum += t * hist[t]!;
  let sumB = 0;
  let wB = 0;
  let best = 0;
  let threshold = 128;
  for (let t = 0; t < 256; t++) {
    wB += hist[t]!;
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += t * hist[t]!;
    const mB = sumB / wB;
    const mF = (sum - sumB) / wF;
    const between = wB * wF * (mB - mF) * (mB - mF);
    if (between > best) {
      best = between;
      threshold = t;
    }
  }
  return threshold;
}

/**
 * A page is blank when, after subsampling, almost no pixel is clearly darker than the paper.
 * "Clearly darker" is relative to the paper's own brightness (the 90th percentile) so grey recycled
 * paper and dim scans are not mistaken for ink, and a minimum contrast stops Otsu splitting pure noise.
 */
export const BLANK_PAGE_RULE = { SAMPLE_SIDE: 1000, MIN_CONTRAST: 70, MAX_INK_FRACTION: 0.0015 } as const;

export function isBlankPage(img: GrayPixels): boolean {
  const s = subsample(img, BLANK_PAGE_RULE.SAMPLE_SIDE);
  const hist = new Uint32Array(256);
  for (let i = 0; i < s.data.length; i++) hist[s.data[i]!]!++;
  let acc = 0;
  let paper = 255;
  for (let t = 0; t < 256; t++) {
    acc += hist[t]!;
    if (acc >= 0.9 * s.data.length) {
      paper = t;
      break;
    }
  }
  const inkBelow = paper - BLANK_PAGE_RULE.MIN_CONTRAST;
  let ink = 0;
  for (let t = 0; t < Math.max(0, inkBelow); t++) ink += hist[t]!;
  return ink / Math.max(1, s.data.length) < BLANK_PAGE_RULE.MAX_INK_FRACTION;
}

interface InkPoints {
  xs: Float64Array;
  ys: Float64Array;
  n: number;
  width: number;
  height: number;
}

function inkPoints(img: GrayPixels, maxSide: number, maxPoints: number): InkPoints {
  const s = subsample(img, maxSide);
  const t = otsuThreshold(s.data);
  let count = 0;
  for (let i = 0; i < s.data.length; i++) if (s.data[i]! <= t) count++;
  // Cap the work on dark, noisy scans: every k-th ink pixel is as good for a profile.
  const keepEvery = Math.max(1, Math.ceil(count / maxPoints));
  const n = Math.ceil(count / keepEvery);
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  let k = 0;
  let seen = 0;
  for (let y = 0; y < s.height; y++) {
    for (let x = 0; x < s.width; x++) {
      if (s.data[y * s.width + x]! <= t) {
        if (seen++ % keepEvery === 0 && k < n) {
          xs[k] = x;
          ys[k] = y;
          k++;
        }
      }
    }
  }
  return { xs, ys, n: k, width: s.width, height: s.height };
}

function profile(p: InkPoints, angleDeg: number, vertical: boolean): Float64Array {
  const tan = Math.tan((angleDeg * Math.PI) / 180);
  const span = vertical ? p.width : p.height;
  const other = vertical ? p.height : p.width;
  const offset = Math.abs(tan) * other + 2;
  const bins = new Float64Array(Math.ceil(span + 2 * offset) + 2);
  for (let i = 0; i < p.n; i++) {
    // Horizontal text tilted clockwise by a: a line is y = x*tan(a) + c, so c is its bin.
    const c = vertical ? p.xs[i]! + p.ys[i]! * tan : p.ys[i]! - p.xs[i]! * tan;
    bins[Math.floor(c + offset)]!++;
  }
  return bins;
}

/** Sharpness of the profile of ink projected along lines tilted by angle: high when lines align with bins. */
function profileScore(p: InkPoints, angleDeg: number, vertical: boolean): number {
  const bins = profile(p, angleDeg, vertical);
  let score = 0;
  for (let i = 1; i < bins.length; i++) {
    const d = bins[i]! - bins[i - 1]!;
    score += d * d;
  }
  return score;
}

/**
 * How line-like a profile is, independent of page shape and ink amount: the squared coefficient of
 * variation over the inked span. Across text lines the profile alternates ink/gap (high); along them
 * it is a smear (low). Raw scores are not comparable between directions on narrow receipts.
 */
function profileContrast(p: InkPoints, angleDeg: number, vertical: boolean): number {
  const bins = profile(p, angleDeg, vertical);
  let first = 0;
  let last = bins.length - 1;
  while (first < last && bins[first] === 0) first++;
  while (last > first && bins[last] === 0) last--;
  const n = last - first + 1;
  let sum = 0;
  let sq = 0;
  for (let i = first; i <= last; i++) {
    sum += bins[i]!;
    sq += bins[i]! * bins[i]!;
  }
  const mean = sum / n;
  return mean > 0 ? sq / n / (mean * mean) - 1 : 0;
}

export interface SkewEstimate {
  /** Clockwise tilt of the text lines in degrees. */
  skew: number;
  /** Whether text lines run across the page (0/180) or down it (90/270). */
  lines: 'horizontal' | 'vertical';
  /** How much sharper the chosen direction's profile is than the other's (1 = undecided). */
  directionConfidence: number;
}

export const SKEW_SEARCH = { MAX_DEG: 10, COARSE_STEP: 0.5, FINE_STEP: 0.1, SAMPLE_SIDE: 1000, MAX_POINTS: 60_000 } as const;

function bestAngle(p: InkPoints, vertical: boolean): { angle: number; score: number } {
  let best = { angle: 0, score: -1 };
  for (let a = -SKEW_SEARCH.MAX_DEG; a <= SKEW_SEARCH.MAX_DEG + 1e-9; a += SKEW_SEARCH.COARSE_STEP) {
    const s = profileScore(p, a, vertical);
    if (s > best.score) best = { angle: a, score: s };
  }
  const centre = best.angle;
  for (let a = centre - SKEW_SEARCH.COARSE_STEP; a <= centre + SKEW_SEARCH.COARSE_STEP + 1e-9; a += SKEW_SEARCH.FINE_STEP) {
    const s = profileScore(p, a, vertical);
    if (s > best.score) best = { angle: a, score: s };
  }
  return { angle: Math.round(best.angle * 10) / 10, score: best.score };
}

export function estimateSkew(img: GrayPixels): SkewEstimate {
  const p = inkPoints(img, SKEW_SEARCH.SAMPLE_SIDE, SKEW_SEARCH.MAX_POINTS);
  if (p.n < 50) return { skew: 0, lines: 'horizontal', directionConfidence: 1 };
  const h = bestAngle(p, false);
  const v = bestAngle(p, true);
  const hs = profileContrast(p, h.angle, false);
  const vs = profileContrast(p, v.angle, true);
  // Photos and drawings have no text lines: their "best" angle is noise, often at the search edge.
  // Trust a tilt only when it is inside the range and sharpens the profile clearly over 0 degrees.
  const trusted = (b: { angle: number; score: number }, vertical: boolean): number =>
    Math.abs(b.angle) < SKEW_SEARCH.MAX_DEG - 1e-9 && b.score > 1.05 * profileScore(p, 0, vertical) ? b.angle : 0;
  if (vs > hs) return { skew: -trusted(v, true), lines: 'vertical', directionConfidence: vs / Math.max(hs, 1e-9) };
  return { skew: trusted(h, false), lines: 'horizontal', directionConfidence: hs / Math.max(vs, 1e-9) };
}

/** Clockwise rotation by a right angle, in plain loops (faster than a sharp round trip for raw grey). */
export function rotateRightAngle(img: GrayPixels, degrees: number): GrayPixels {
  const d = ((degrees % 360) + 360) % 360;
  if (d === 0) return img;
  const { width: w, height: h, data } = img;
  const out = Buffer.allocUnsafe(w * h);
  if (d === 180) {
    for (let i = 0, j = w * h - 1; i < w * h; i++, j--) out[j] = data[i]!;
    return { data: out, width: w, height: h };
  }
  // 90 clockwise: (x, y) → (h-1-y, x); 270: (x, y) → (y, w-1-x). Output is h wide, w high.
  for (let y = 0; y < h; y++) {
    const row = y * w;
    if (d === 90) {
      const nx = h - 1 - y;
      for (let x = 0; x < w; x++) out[x * h + nx] = data[row + x]!;
    } else {
      for (let x = 0; x < w; x++) out[(w - 1 - x) * h + y] = data[row + x]!;
    }
  }
  return { data: out, width: h, height: w };
}

/** Below this the tilt does not hurt tesseract, and resampling would only blur. */
export const MIN_DESKEW_DEG = 0.3;

/** Rotates by an arbitrary clockwise angle on a white background; the canvas grows to fit. */
export async function rotateFine(img: GrayPixels, degrees: number): Promise<GrayPixels> {
  if (Math.abs(degrees) < 1e-6) return img;
  const { data, info } = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 1 } })
    .rotate(degrees, { background: { r: 255, g: 255, b: 255 } })
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels === 1) return { data, width: info.width, height: info.height };
  // sharp may hand back more channels after rotate with a colour background: keep the first.
  const out = Buffer.allocUnsafe(info.width * info.height);
  for (let i = 0; i < out.length; i++) out[i] = data[i * info.channels]!;
  return { data: out, width: info.width, height: info.height };
}

/** Resizes by a factor below 1 (same kernel as downscale). */
export async function scaleBy(img: GrayPixels, factor: number): Promise<GrayPixels> {
  return downscale(img, Math.max(1, Math.round(Math.max(img.width, img.height) * factor)));
}

export async function downscale(img: GrayPixels, maxSide: number): Promise<GrayPixels> {
  if (Math.max(img.width, img.height) <= maxSide) return img;
  const { data, info } = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 1 } })
    .resize({
      width: img.width >= img.height ? maxSide : undefined,
      height: img.height > img.width ? maxSide : undefined,
      kernel: 'lanczos3',
    })
    // Without this sharp hands back sRGB (3 bytes per pixel) even for one-channel raw input.
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** Binary PGM: a 15-byte header on raw grey, which tesseract's leptonica reads without decompressing. */
export function toPgm(img: GrayPixels): Buffer {
  return Buffer.concat([Buffer.from(`P5\n${img.width} ${img.height}\n255\n`, 'latin1'), img.data]);
}

/**
 * A square window of the page centred on its ink, for orientation probes: a dense patch at near full
 * resolution tells the reading direction as reliably as the whole page for a fraction of the OCR time.
 */
export function inkCentredSquare(img: GrayPixels, fraction: number): GrayPixels {
  const side = Math.max(1, Math.floor(Math.min(img.width, img.height) * fraction));
  const s = subsample(img, 600);
  const t = otsuThreshold(s.data);
  let sx = 0;
  let sy = 0;
  let n = 0;
  for (let y = 0; y < s.height; y++) {
    for (let x = 0; x < s.width; x++) {
      if (s.data[y * s.width + x]! <= t) {
        sx += x;
        sy += y;
        n++;
      }
    }
  }
  const cx = n > 0 ? (sx / n) * (img.width / s.width) : img.width / 2;
  const cy = n > 0 ? (sy / n) * (img.height / s.height) : img.height / 2;
  const x0 = Math.max(0, Math.min(img.width - side, Math.round(cx - side / 2)));
  const y0 = Math.max(0, Math.min(img.height - side, Math.round(cy - side / 2)));
  const out = Buffer.allocUnsafe(side * side);
  for (let y = 0; y < side; y++) img.data.copy(out, y * side, (y0 + y) * img.width + x0, (y0 + y) * img.width + x0 + side);
  return { data: out, width: side, height: side };
}

/**
 * Column layout by vertical whitespace, on a subsampled, binarised page: a gutter is a band of x
 * that stays free of ink over a vertical stretch of text rows, with wide text on both sides in those
 * rows. Pages mixing full-width parts with a two-column section (a scanned article) count as multi-column.
 * Receipts and invoices whose labels and amounts are separated by a gap do not: the amounts side is
 * narrow, and full-width lines (names, totals) cross the gap.
 */
export const COLUMN_RULE = {
  SAMPLE_SIDE: 800,
  /** Gutter width as a share of the inked width. */
  MIN_GUTTER_FRACTION: 0.02,
  /** Text on each side of the gutter must reach this share of the inked width away from it. */
  MIN_SIDE_FRACTION: 0.25,
  /** Rows in one uninterrupted two-sided stretch, as a share of all inked rows. */
  MIN_RUN_FRACTION: 0.12,
  MIN_RUN_ROWS: 24,
} as const;

export function hasColumns(img: GrayPixels): boolean {
  const s = subsample(img, COLUMN_RULE.SAMPLE_SIDE);
  const t = Math.min(otsuThreshold(s.data), 200);
  const { width: w, height: h, data } = s;
  // First pass: inked span and the rows worth looking at.
  const rowMin = new Int32Array(h).fill(-1);
  const rowMax = new Int32Array(h).fill(-1);
  let minX = w;
  let maxX = -1;
  let inkedRows = 0;
  for (let y = 0; y < h; y++) {
    const row = y * w;
    let n = 0;
    let first = -1;
    let last = -1;
    for (let x = 0; x < w; x++) {
      if (data[row + x]! <= t) {
        n++;
        if (first < 0) first = x;
        last = x;
      }
    }
    // Rows that are mostly ink (rules, borders, photos) say nothing about columns.
    if (n === 0 || n > 0.5 * w) continue;
    rowMin[y] = first;
    rowMax[y] = last;
    inkedRows++;
    if (first < minX) minX = first;
    if (last > maxX) maxX = last;
  }
  const span = maxX - minX + 1;
  if (inkedRows < COLUMN_RULE.MIN_RUN_ROWS || span < 40) return false;
  const half = Math.max(1, Math.round((COLUMN_RULE.MIN_GUTTER_FRACTION * span) / 2));
  const side = COLUMN_RULE.MIN_SIDE_FRACTION * span;
  const need = Math.max(COLUMN_RULE.MIN_RUN_ROWS, COLUMN_RULE.MIN_RUN_FRACTION * inkedRows);
  const run = new Int32Array(w);
  const prefix = new Int32Array(w + 1);
  const prevInk = new Int32Array(w);
  const nextInk = new Int32Array(w);
  for (let y = 0; y < h; y++) {
    if (rowMin[y]! < 0) continue;
    const row = y * w;
    for (let x = 0; x < w; x++) prefix[x + 1] = prefix[x]! + (data[row + x]! <= t ? 1 : 0);
    for (let x = 0, p = -1; x < w; x++) {
      if (data[row + x]! <= t) p = x;
      prevInk[x] = p;
    }
    for (let x = w - 1, n = -1; x >= 0; x--) {
      if (data[row + x]! <= t) n = x;
      nextInk[x] = n;
    }
    const left = rowMin[y]!;
    const right = rowMax[y]!;
    for (let x = minX + half; x <= maxX - half; x++) {
      const gap = prefix[x + half + 1]! - prefix[x - half]! === 0;
      if (!gap) {
        run[x] = 0;
        continue;
      }
      // A gap between wide text on both sides (not a label and its amount) extends the stretch;
      // a short line ending before x is neutral.
      const p = prevInk[x]!;
      const n = nextInk[x]!;
      if (p >= 0 && n >= 0 && p - left >= side && right - n >= side && ++run[x]! >= need) return true;
    }
  }
  return false;
}

/**
 * Typical height of lowercase letters in pixels, from connected components of the binarised page at
 * half resolution (2x2 ink-preserving pooling): the 40th percentile of letter-sized component heights,
 * as lowercase x-height letters outnumber ascenders, capitals and digits in running text. Null when
 * there are too few letter-like components to tell.
 */
export function estimateXHeight(img: GrayPixels): number | null {
  const w = Math.floor(img.width / 2);
  const h = Math.floor(img.height / 2);
  if (w < 8 || h < 8) return null;
  const t = Math.min(otsuThreshold(subsample(img, 1000).data), 200);
  const src = img.data;
  const W = img.width;
  // Runs of ink per pooled row, labelled with union-find over overlaps with the previous row's runs.
  const parent: number[] = [];
  const find = (a: number): number => {
    while (parent[a] !== a) {
      parent[a] = parent[parent[a]!]!;
      a = parent[a]!;
    }
    return a;
  };
  const runY: number[] = [];
  const runX0: number[] = [];
  const runX1: number[] = [];
  let prevStart = 0;
  let prevEnd = 0;
  const row = new Uint8Array(w);
  for (let y = 0; y < h; y++) {
    const a = 2 * y * W;
    const b = a + W;
    for (let x = 0; x < w; x++) {
      const i = 2 * x;
      row[x] = src[a + i]! <= t || src[a + i + 1]! <= t || src[b + i]! <= t || src[b + i + 1]! <= t ? 1 : 0;
    }
    const curStart = runY.length;
    for (let x = 0; x < w;) {
      if (!row[x]) {
        x++;
        continue;
      }
      const x0 = x;
      while (x < w && row[x]) x++;
      const id = runY.length;
      runY.push(y);
      runX0.push(x0);
      runX1.push(x - 1);
      parent.push(id);
      // 8-connected overlap with the previous row's runs.
      for (let k = prevStart; k < prevEnd; k++) {
        if (runX1[k]! >= x0 - 1 && runX0[k]! <= x) {
          const ra = find(k);
          const rb = find(id);
          if (ra !== rb) parent[rb] = ra;
        }
      }
      if (runY.length > 2_000_000) return null;
    }
    prevStart = curStart;
    prevEnd = runY.length;
  }
  const n = runY.length;
  const minY = new Int32Array(n).fill(1 << 30);
  const maxY = new Int32Array(n).fill(-1);
  const minX = new Int32Array(n).fill(1 << 30);
  const maxX = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const r = find(i);
    if (runY[i]! < minY[r]!) minY[r] = runY[i]!;
    if (runY[i]! > maxY[r]!) maxY[r] = runY[i]!;
    if (runX0[i]! < minX[r]!) minX[r] = runX0[i]!;
    if (runX1[i]! > maxX[r]!) maxX[r] = runX1[i]!;
  }
  const heights: number[] = [];
  for (let i = 0; i < n; i++) {
    if (parent[i] !== i) continue;
    const ch = maxY[i]! - minY[i]! + 1;
    const cw = maxX[i]! - minX[i]! + 1;
    // Letter-sized: not specks, rules, frames or pictures.
    if (ch >= 3 && ch <= 80 && cw <= 3 * ch && cw >= 2) heights.push(ch);
  }
  if (heights.length < 50) return null;
  heights.sort((p, q) => p - q);
  return 2 * heights[Math.floor(heights.length * 0.4)]!;
}
