import type { PipelineInfo } from '../../../../preload/contract';

/** True when the cell has something to show (else the column may take no room). */
export function hasProgress(pipeline: PipelineInfo | null): boolean {
  return pipeline !== null && (pipeline.iteration !== null || pipeline.stage !== null);
}

/** Iteration n of max and the stage, with a progress bar when the maximum is known. */
export function PipelineProgress({
  pipeline,
}: {
  pipeline: PipelineInfo | null;
}): React.JSX.Element {
  if (!pipeline || !hasProgress(pipeline)) {
    return <span className="muted">—</span>;
  }
  const { iteration, maxIterations: max, stage } = pipeline;
  const count = iteration === null ? '' : max === null ? `#${iteration}` : `${iteration}/${max}`;
  const text = [count, stage].filter(Boolean).join(' · ');
  const spoken =
    iteration === null
      ? `stage ${stage ?? ''}`
      : `iteration ${iteration}${max === null ? '' : ` of ${max}`}${stage ? `, stage ${stage}` : ''}`;
  return (
    <span className="progress" title={spoken}>
      {iteration !== null && max !== null && max > 0 && (
        <span
          role="progressbar"
          aria-label="Pipeline progress"
          aria-valuemin={0}
          aria-valuemax={max}
          aria-valuenow={Math.min(iteration, max)}
          aria-valuetext={spoken}
          className="bar"
        >
          <span className="fill" style={{ width: `${Math.min(100, (iteration / max) * 100)}%` }} />
        </span>
      )}
      <span className="progress-text">{text}</span>
    </span>
  );
}
