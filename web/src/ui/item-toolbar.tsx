// Move up, move down and remove, for one item of a list in an editor (template phases and tasks, rule actions).
type ItemToolbarProps = { label: string; index: number; count: number; onMove: (by: -1 | 1) => void; onRemove: () => void; removeDisabled?: boolean };

export function ItemToolbar({ label, index, count, onMove, onRemove, removeDisabled }: ItemToolbarProps) {
  return (
    <div className="item-toolbar" role="group" aria-label={`${label}: order and removal`}>
      <button type="button" className="button button-small" disabled={index === 0} aria-label={`Move ${label} up`} title="Move up" onClick={() => onMove(-1)}>
        ↑
      </button>
      <button
        type="button"
        className="button button-small"
        disabled={index === count - 1}
        aria-label={`Move ${label} down`}
        title="Move down"
        onClick={() => onMove(1)}
      >
        ↓
      </button>
      <button type="button" className="button button-small button-danger-outline" disabled={removeDisabled} aria-label={`Remove ${label}`} onClick={onRemove}>
        Remove
      </button>
    </div>
  );
}
