import type { Messages } from '../src/i18n/index.js';
import type { FieldErrors, ProposalField, ProposalFormValues } from '../src/domain/proposal.js';
import { LIMITS } from '../src/domain/proposal.js';
import { banner, card, execute, text, type AdaptiveCard, type CardElement } from './elements.js';

export const PROPOSAL_SUBMIT_VERB = 'proposal.submit';

export interface ProposalFormView {
  values: ProposalFormValues;
  errors: FieldErrors;
  networks: { id: string; name: string }[];
  /** The groups that own a project portfolio: the owning group's choices. */
  owners: { id: string; name: string }[];
  people: { id: string; label: string }[];
  /** Set when the form edits an existing proposal. */
  proposalId?: string;
  today: string;
}

/** The BG0 project directive form. Values are kept when it comes back with errors. */
export function proposalFormCard(m: Messages, view: ProposalFormView): AdaptiveCard {
  const label = (f: ProposalField) => m.form.labels[f];
  const error = (f: ProposalField): CardElement | undefined => {
    const problem = view.errors[f];
    if (!problem) return undefined;
    const message = problem === 'tooLong' ? m.form.tooLongDetail(f === 'title' ? LIMITS.title : LIMITS.longText) : m.form.problems[problem];
    return text(message, { color: 'Attention', size: 'Small', spacing: 'None', id: `error-${f}` });
  };
  const value = (f: ProposalField) => view.values[f] ?? '';
  const textInput = (f: ProposalField, required: boolean, max: number, multiline = false, placeholder?: string): CardElement[] => [
    {
      type: 'Input.Text',
      id: f,
      label: label(f),
      value: value(f),
      isRequired: required,
      isMultiline: multiline,
      maxLength: max,
      ...(placeholder ? { placeholder } : {}),
      ...(required ? { errorMessage: m.form.problems.required } : {}),
    },
    ...[error(f)].filter((e): e is CardElement => !!e),
  ];
  const numberValue = (f: ProposalField) => {
    const n = Number(value(f));
    return value(f) !== '' && Number.isFinite(n) ? { value: n } : {};
  };
  const hasErrors = Object.keys(view.errors).length > 0;

  return card(
    [
      hasErrors && banner(m.form.fixErrors, 'attention'),
      text(view.proposalId ? m.form.editHeading(view.proposalId) : m.form.heading, { size: 'Large', weight: 'Bolder' }),
      !view.proposalId && text(m.form.intro, { isSubtle: true }),
      ...textInput('title', true, LIMITS.title),
      ...textInput('background', true, LIMITS.longText, true),
      ...textInput('goals', false, LIMITS.longText, true),
      ...textInput('regionalValue', false, LIMITS.longText, true, m.form.placeholders.regionalValue),
      {
        type: 'Input.ChoiceSet',
        id: 'networkId',
        label: label('networkId'),
        style: 'compact',
        isRequired: true,
        errorMessage: m.form.problems.unknownNetwork,
        value: value('networkId'),
        choices: view.networks.map((n) => ({ title: n.name, value: n.id })),
      },
      error('networkId'),
      {
        type: 'Input.ChoiceSet',
        id: 'ownerNetworkId',
        label: label('ownerNetworkId'),
        style: 'compact',
        placeholder: m.form.placeholders.ownerNetworkId,
        value: value('ownerNetworkId'),
        choices: view.owners.map((n) => ({ title: n.name, value: n.id })),
      },
      error('ownerNetworkId'),
      {
        type: 'Input.ChoiceSet',
        id: 'contactPersonId',
        label: label('contactPersonId'),
        style: 'compact',
        isRequired: true,
        errorMessage: m.form.problems.unknownPerson,
        value: value('contactPersonId'),
        choices: view.people.map((p) => ({ title: p.label, value: p.id })),
      },
      error('contactPersonId'),
      { type: 'Input.Date', id: 'plannedStart', label: label('plannedStart'), value: value('plannedStart'), min: view.today },
      error('plannedStart'),
      { type: 'Input.Number', id: 'estimatedCostSek', label: label('estimatedCostSek'), min: 0, ...numberValue('estimatedCostSek') },
      error('estimatedCostSek'),
      {
        type: 'Input.Toggle',
        id: 'jointFundsRequested',
        title: label('jointFundsRequested'),
        valueOn: 'true',
        valueOff: 'false',
        value: value('jointFundsRequested') === 'true' ? 'true' : 'false',
      },
      { type: 'Input.Number', id: 'jointFundsSek', label: label('jointFundsSek'), min: 0, ...numberValue('jointFundsSek') },
      error('jointFundsSek'),
      {
        type: 'Input.Date',
        id: 'answerDeadline',
        label: label('answerDeadline'),
        value: value('answerDeadline'),
        min: view.today,
        isRequired: true,
        errorMessage: m.form.problems.required,
      },
      error('answerDeadline'),
    ],
    [
      execute(view.proposalId ? m.form.save : m.form.submit, PROPOSAL_SUBMIT_VERB, view.proposalId ? { proposalId: view.proposalId } : {}, {
        style: 'positive',
        associatedInputs: 'auto',
      }),
    ],
  );
}
