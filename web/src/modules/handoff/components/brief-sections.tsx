// The brief's items, one section per kind in the order a CSM reads them: goals, workflows, success criteria, first value,
// stakeholders, promises, risks, questions for the AE, kickoff preparation.
import { Badge } from '../../../ui/badge.tsx';
import type { Brief, BriefItem } from '../api/brief.api.ts';
import { promiseKindLabels } from './brief-badges.tsx';
import { BriefItemCard } from './brief-item.tsx';
import { ItemSection } from './item-section.tsx';
import { OwnerPicker } from './owner-picker.tsx';
import { PromiseReview, PromiseReviewMark } from './promise-review.tsx';
import { QuestionAnswer, QuestionMarks } from './question-answer.tsx';
import { needsEngaging, StakeholderTable } from './stakeholder-table.tsx';

const cards = (items: BriefItem[]) => (
  <ul className="brief-items">
    {items.map((item) => (
      <BriefItemCard key={item.id} item={item} />
    ))}
  </ul>
);

/** Open questions first, those the CSM asked before those the extractor found. */
const questionOrder = (a: BriefItem, b: BriefItem) => Number(a.resolved) - Number(b.resolved) || Number(Boolean(b.raisedBy)) - Number(Boolean(a.raisedBy));

const activeOf = (items: BriefItem[]) => items.filter((i) => !i.dismissed && !i.withdrawn);

export function BriefSections({ brief }: { brief: Brief }) {
  const { items } = brief;
  const unowned = activeOf(items.risk).filter((r) => !r.owner).length;
  const unreviewed = activeOf(items.promise).filter((p) => !p.review).length;
  const openQuestions = activeOf(items.question).filter((q) => !q.resolved).length;
  const notEngaged = activeOf(items.stakeholder).filter(needsEngaging).length;

  return (
    <>
      <ItemSection
        kind="goal"
        items={items.goal}
        description="What the customer is buying this for: the business outcomes they named."
        emptyTitle="No buyer goal found in the sources"
        renderActive={cards}
      />
      <ItemSection
        kind="workflow"
        items={items.workflow}
        description="How their people work day to day, today and with the product. These are not goals: they shape the configuration."
        emptyTitle="No user workflow found in the sources"
        renderActive={(list) => <div className="workflow-list">{cards(list)}</div>}
      />
      <ItemSection
        kind="success_criterion"
        items={items.success_criterion}
        description="How the customer will judge success: the numbers or outcomes they will look at."
        emptyTitle="No success criterion found"
        renderActive={cards}
      />
      <ItemSection
        kind="first_value"
        items={items.first_value}
        description="What the customer sees working first, and by when."
        emptyTitle="No first-value milestone yet"
        renderActive={cards}
      />
      <ItemSection
        kind="stakeholder"
        items={items.stakeholder}
        description="The customer's people, their authority, and whether they took part themselves."
        emptyTitle="No stakeholder found"
        note={notEngaged ? <Badge tone="amber">{notEngaged} not engaged</Badge> : null}
        renderActive={(list) => <StakeholderTable items={list} />}
      />
      <ItemSection
        kind="promise"
        items={items.promise}
        description="What sales promised. Each promise is confirmed or corrected by its owner before the CSM accepts."
        emptyTitle="No promise found in the sources"
        note={unreviewed ? <Badge tone="amber">{unreviewed} not reviewed</Badge> : null}
        renderActive={(list) => (
          <ul className="brief-items">
            {list.map((item) => (
              <BriefItemCard
                key={item.id}
                item={item}
                attention={!item.review && !item.signed}
                marks={
                  <>
                    {item.promiseKind ? <span className="tag">{promiseKindLabels[item.promiseKind]}</span> : null}
                    <PromiseReviewMark item={item} />
                  </>
                }
              >
                <OwnerPicker item={item} label="Owner" emptyLabel="The account executive" />
                <PromiseReview item={item} />
              </BriefItemCard>
            ))}
          </ul>
        )}
      />
      <ItemSection
        kind="risk"
        items={items.risk}
        description="What could get in the way. Every risk needs an owner before the CSM accepts."
        emptyTitle="No risk found in the sources"
        note={unowned ? <Badge tone="red">{unowned} without owner</Badge> : null}
        renderActive={(list) => (
          <ul className="brief-items">
            {list.map((item) => (
              <BriefItemCard key={item.id} item={item} attention={!item.owner} marks={item.owner ? null : <Badge tone="red">No owner</Badge>}>
                <OwnerPicker item={item} label="Owner" emptyLabel="Nobody yet" invalid={!item.owner} />
              </BriefItemCard>
            ))}
          </ul>
        )}
      />
      <ItemSection
        kind="question"
        items={items.question}
        description="What the sources leave open, and what the CSM asked when returning the brief. The account executive answers here."
        emptyTitle="No question for the AE"
        note={openQuestions ? <Badge tone="amber">{openQuestions} open</Badge> : null}
        renderActive={(list) => (
          <ul className="brief-items">
            {[...list].sort(questionOrder).map((item) => (
              <BriefItemCard
                key={item.id}
                item={item}
                allowEdit={false}
                attention={Boolean(item.raisedBy) && !item.resolved}
                marks={<QuestionMarks item={item} />}
              >
                <QuestionAnswer item={item} />
              </BriefItemCard>
            ))}
          </ul>
        )}
      />
      <ItemSection
        kind="kickoff_task"
        items={items.kickoff_task}
        description="What the CSM prepares before the kickoff call. When the handoff is accepted, each becomes a task (its owner's, or the CSM's)."
        emptyTitle="Nothing to prepare yet"
        renderActive={(list) => (
          <ol className="brief-items brief-items-numbered">
            {list.map((item) => (
              <BriefItemCard key={item.id} item={item}>
                <OwnerPicker item={item} label="Owner" emptyLabel={brief.csm ? `${brief.csm.name} (the CSM)` : 'The CSM'} />
              </BriefItemCard>
            ))}
          </ol>
        )}
      />
    </>
  );
}
