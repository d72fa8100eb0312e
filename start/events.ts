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
import TeamMemberRoleChanged from '#app/events/team_member_role_changed'
import UserDeactivated from '#app/events/user_deactivated'
import SessionsEnded from '#app/events/sessions_ended'
import AccessTokenRevoked from '#app/events/access_token_revoked'
import UserProfileChanged from '#app/events/user_profile_changed'
import ChatEventsRecorded from '#chat/events/chat_events_recorded'
import BoardAccessChanged from '#boards/events/board_access_changed'

const BroadcastChatEvents = () => import('#chat/listeners/broadcast_chat_events')
const FollowTeamMembership = () => import('#chat/listeners/follow_team_membership')
const CloseEndedStreams = () => import('#chat/listeners/close_ended_streams')
const BroadcastProfileChanges = () => import('#chat/listeners/broadcast_profile_changes')
const RecheckSubscriptions = () => import('#chat/listeners/recheck_subscriptions')
const RefreshBoardSockets = () => import('#boards/listeners/refresh_board_sockets')

emitter.on(ChatEventsRecorded, [BroadcastChatEvents])
emitter.on(TeamCreated, [FollowTeamMembership, 'created'])
emitter.on(TeamMemberJoined, [FollowTeamMembership, 'joined'])
emitter.on(TeamMemberLeft, [FollowTeamMembership, 'left'])
emitter.on(TeamMemberRoleChanged, [RecheckSubscriptions])
emitter.on(UserProfileChanged, [BroadcastProfileChanges])
emitter.on(UserDeactivated, [CloseEndedStreams, 'deactivated'])
emitter.on(SessionsEnded, [CloseEndedStreams, 'sessionsEnded'])
emitter.on(AccessTokenRevoked, [CloseEndedStreams, 'tokenRevoked'])

emitter.on(BoardAccessChanged, [RefreshBoardSockets, 'boardChanged'])
emitter.on(ChatEventsRecorded, [RefreshBoardSockets, 'channelChanged'])
emitter.on(TeamMemberLeft, [RefreshBoardSockets, 'teamLeft'])
emitter.on(TeamMemberRoleChanged, [RefreshBoardSockets, 'teamRoleChanged'])
emitter.on(UserDeactivated, [RefreshBoardSockets, 'userDeactivated'])
emitter.on(SessionsEnded, [RefreshBoardSockets, 'sessionsEnded'])
emitter.on(AccessTokenRevoked, [RefreshBoardSockets, 'tokenRevoked'])
