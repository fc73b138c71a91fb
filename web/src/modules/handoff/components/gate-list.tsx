// What must hold before the CSM can accept the handoff: each gate passed or open, with what is missing.
import type { Gate } from '../api/brief.api.ts';

export function GateList({ gates, accepted }: { gates: Gate[]; accepted: boolean }) {
  const open = gates.filter((g) => !g.passed).length;
  const summary = accepted
    ? 'The handoff was accepted with these gates.'
    : open === 0
      ? 'Every gate holds: the CSM can accept the handoff.'
      : `${open} of ${gates.length} gates open before the CSM can accept.`;
  return (
    <div className="gates-block">
      <p className="gates-summary">{summary}</p>
      <ul className="gates" aria-label="Gates">
        {gates.map((g) => (
          <li key={g.key} className={`gate ${g.passed ? 'gate-passed' : 'gate-open'}`} data-testid="gate">
            <span className="gate-icon" aria-hidden="true">
              {g.passed ? '✓' : '✗'}
            </span>
            <span className="gate-text">
              <span className="visually-hidden">{g.passed ? 'Passed: ' : 'Open: '}</span>
              <span className="gate-label">{g.label}</span>
              <span className="gate-detail">{g.detail}</span>
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
