/** A tiny SVG bar sparkline for the issue stream (no chart library in the first-load bundle). */
export function Sparkline({ points, width = 120, height = 28 }: { points: unknown; width?: number; height?: number }) {
  const values: number[] = [];
  if (Array.isArray(points)) {
    for (const p of points.slice(0, 200)) {
      const n = Array.isArray(p) ? Number(p[1]) : Number(p);
      values.push(Number.isFinite(n) && n > 0 ? n : 0);
    }
  }
  if (values.length === 0) return <svg width={width} height={height} aria-hidden="true" />;
  const max = Math.max(1, ...values);
  const bw = width / values.length;
  const total = values.reduce((a, b) => a + b, 0);
  return (
    <svg width={width} height={height} role="img" aria-label={`${total} events in period`}>
      {values.map((v, i) => {
        const h = v === 0 ? 1 : Math.max(2, (v / max) * (height - 2));
        return (
          <rect
            // biome-ignore lint/suspicious/noArrayIndexKey: positions are the identity of time buckets
            key={i}
            x={i * bw + 0.5}
            y={height - h}
            width={Math.max(1, bw - 1)}
            height={h}
            fill={v === 0 ? 'var(--border)' : 'var(--accent)'}
            opacity={v === 0 ? 1 : 0.75}
          />
        );
      })}
    </svg>
  );
}
