// The brief's scores: the overall one prominent with its reasons, the five behind it each with their reasons on demand.
import type { BadgeTone } from '../../../ui/badge.tsx';
import { scoreKeys, type ScoreKey, type Scores } from '../api/brief.api.ts';
import { scoreTone } from './brief-badges.tsx';

/** The two risk scores read the other way round: higher is worse. */
const scoreLabels: Record<ScoreKey, { label: string; hint: string | null; inverted: boolean }> = {
  completeness: { label: 'Completeness', hint: null, inverted: false },
  firstValueClarity: { label: 'First-value clarity', hint: null, inverted: false },
  stakeholderCoverage: { label: 'Stakeholder coverage', hint: null, inverted: false },
  promiseRisk: { label: 'Promise risk', hint: 'higher is riskier', inverted: true },
  implementationComplexity: { label: 'Complexity', hint: 'higher is harder', inverted: true },
};

const order: ScoreKey[] = ['completeness', 'firstValueClarity', 'stakeholderCoverage', 'promiseRisk', 'implementationComplexity'];

function toneOf(score: number, inverted: boolean): BadgeTone {
  return scoreTone(inverted ? 100 - score : score);
}

export function ScorePanel({ scores }: { scores: Scores }) {
  const overall = scores.overall;
  return (
    <div className="scores">
      <div className={`score-overall score-${scoreTone(overall.score)}`}>
        <p className="score-overall-number" aria-label={`Overall score ${overall.score} out of 100`}>
          {overall.score}
          <span className="score-of" aria-hidden="true">
            /100
          </span>
        </p>
        <div>
          <p className="score-overall-label">Overall</p>
          <ul className="score-reasons">
            {overall.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </div>
      </div>
      <ul className="score-list">
        {order
          .filter((k) => scoreKeys.includes(k))
          .map((key) => {
            const s = scores[key];
            const meta = scoreLabels[key];
            return (
              <li key={key}>
                <details className="score-item">
                  <summary>
                    <span className="score-name">
                      {meta.label}
                      {meta.hint ? <span className="score-hint">{meta.hint}</span> : null}
                    </span>
                    <span className={`score-bar score-bar-${toneOf(s.score, meta.inverted)}`} aria-hidden="true">
                      <span style={{ width: `${s.score}%` }} />
                    </span>
                    <span className="score-value">{s.score}</span>
                  </summary>
                  <ul className="score-reasons">
                    {s.reasons.length ? s.reasons.map((r) => <li key={r}>{r}</li>) : <li className="muted">No reason given</li>}
                  </ul>
                </details>
              </li>
            );
          })}
      </ul>
    </div>
  );
}
