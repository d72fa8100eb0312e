/*
|--------------------------------------------------------------------------
| Event listeners
|--------------------------------------------------------------------------
|
| Wiring only: which module reacts to which domain event.
|
*/
import emitter from '@adonisjs/core/services/emitter'
import TeamCreated from '#app/events/team_created'
import TeamMemberJoined from '#app/events/team_member_joined'
import TeamMemberLeft from '#app/events/team_member_left'
import UserDeactivated from '#app/events/user_deactivated'
import SessionsEnded from '#app/events/sessions_ended'
import AccessTokenRevoked from '#app/events/access_token_revoked'
import ChatEventsRecorded from '#chat/events/chat_events_recorded'
import BoardAccessChanged from '#boards/events/board_access_changed'

const BroadcastChatEvents = () => import('#chat/listeners/broadcast_chat_events')
const FollowTeamMembership = () => import('#chat/listeners/follow_team_membership')
const CloseDeactivatedStreams = () => import('#chat/listeners/close_deactivated_streams')
const RefreshBoardSockets = () => import('#boards/listeners/refresh_board_sockets')

emitter.on(ChatEventsRecorded, [BroadcastChatEvents])
emitter.on(TeamCreated, [FollowTeamMembership, 'created'])
emitter.on(TeamMemberJoined, [FollowTeamMembership, 'joined'])
emitter.on(TeamMemberLeft, [FollowTeamMembership, 'left'])
emitter.on(UserDeactivated, [CloseDeactivatedStreams])

emitter.on(BoardAccessChanged, [RefreshBoardSockets, 'boardChanged'])
emitter.on(ChatEventsRecorded, [RefreshBoardSockets, 'channelChanged'])
emitter.on(TeamMemberLeft, [RefreshBoardSockets, 'teamLeft'])
emitter.on(UserDeactivated, [RefreshBoardSockets, 'userDeactivated'])
emitter.on(SessionsEnded, [RefreshBoardSockets, 'sessionsEnded'])
emitter.on(AccessTokenRevoked, [RefreshBoardSockets, 'tokenRevoked'])
