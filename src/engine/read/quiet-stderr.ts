/**
 * tesseract's wasm build (and Leptonica inside it) prints diagnostics straight to stderr: "Error in
 * boxClipToRectangle: box outside rectangle", "Detected 14 diacritics", "Estimating resolution as 387".
 * They are harmless, and a clerk or a script reading Docket's stderr should not see them. The nested
 * tesseract worker's stderr reaches us through this thread's process.stderr, so it is filtered here; any
 * other line passes through untouched.
 */
const NOISE = [
  /^Error in \w+: /,
  /^Warning:? (in \w+|Invalid resolution|Parameter not found)/,
  /^Detected \d+ diacritics/,
  /^Estimating resolution as \d+/,
  /^Image too small to scale!!/,
  /^Line cannot be recognized!!/,
  /^Too few characters\. Skipping this page/,
  /^Empty page!!/,
  /^OSD: /,
];

export function isTesseractNoise(line: string): boolean {
  const l = line.trim();
  return l.length > 0 && NOISE.some((rx) => rx.test(l));
}

let installed = false;
export function quietTesseractStderr(stream: NodeJS.WriteStream = process.stderr): void {
  if (installed) return;
  installed = true;
  const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
  let partial = '';
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    const text = partial + (typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    const lines = text.split('\n');
    partial = lines.pop() ?? '';
    const kept = lines.filter((l) => !isTesseractNoise(l));
    const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    if (!kept.length) {
      cb?.();
      return true;
    }
    return write(kept.join('\n') + '\n', ...rest);
  }) as typeof stream.write;
}
