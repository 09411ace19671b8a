import {
  CreateParticipantBody,
  CreateUserBody,
  EmptyBody,
  IdParams,
  ListParticipantsQuery,
  NoQuery,
  ParticipantPageView,
  ParticipantView,
  ParticipantWriteView,
  UserView,
} from '../../api/schemas';
import { pageView, participantWriteView, userView } from '../../api/views';
import type { UserEnrollment } from '../../usecases/identities';
import {
  changeParticipantStatus,
  getParticipant,
  listParticipants,
  registerParticipant,
} from '../../usecases/participants';
import { NoBody, NoParams, authenticatedRoute, type Route } from '../route';

/** Participants and their users. */
export function participantRoutes(enrollment: UserEnrollment): readonly Route[] {
  return [
    authenticatedRoute(
      {
        method: 'post',
        path: '/participants',
        summary: "Register a participant of the administrator's org",
        tag: 'participants',
        params: NoParams,
        query: NoQuery,
        body: CreateParticipantBody,
        response: { status: 201, description: 'the registered participant', schema: ParticipantWriteView },
      },
      ({ body }, context) => registerParticipant(context, body).then(participantWriteView),
    ),
    authenticatedRoute(
      {
        method: 'get',
        path: '/participants',
        summary: 'List participants by id, a page at a time',
        tag: 'participants',
        params: NoParams,
        query: ListParticipantsQuery,
        body: NoBody,
        response: { status: 200, description: 'a page of participants', schema: ParticipantPageView },
      },
      async ({ query }, context) =>
        pageView(await listParticipants(context, query), (participant) => participant),
    ),
    authenticatedRoute(
      {
        method: 'get',
        path: '/participants/{id}',
        summary: 'Read a participant',
        tag: 'participants',
        params: IdParams,
        query: NoQuery,
        body: NoBody,
        response: { status: 200, description: 'the participant', schema: ParticipantView },
      },
      ({ params }, context) => getParticipant(context, params.id),
    ),
    ...(['suspend', 'reinstate'] as const).map((change) =>
      authenticatedRoute(
        {
          method: 'post',
          path: `/participants/{id}/${change}`,
          summary:
            change === 'suspend'
              ? "Suspend a participant of the administrator's org: refused as caller and counterparty"
              : "Reinstate a suspended participant of the administrator's org",
          tag: 'participants',
          params: IdParams,
          query: NoQuery,
          body: EmptyBody,
          response: { status: 200, description: 'the participant, changed', schema: ParticipantWriteView },
        },
        ({ params }, context) =>
          changeParticipantStatus(context, params.id, change).then(participantWriteView),
      ),
    ),
    authenticatedRoute(
      {
        method: 'post',
        path: '/participants/{id}/users',
        summary: 'Enrol a user for a participant (CA register + enroll with scf.participant and scf.role)',
        tag: 'participants',
        params: IdParams,
        query: NoQuery,
        body: CreateUserBody,
        response: { status: 201, description: 'the enrolled user', schema: UserView },
      },
      ({ params, body }, context) => enrollment.enrol(context, params.id, body).then(userView),
    ),
  ];
}
