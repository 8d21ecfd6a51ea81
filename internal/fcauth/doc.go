// Package fcauth signs and verifies Function Compute's two request signature
// schemes, with no HTTP serving of its own. ACS3-HMAC-SHA256 is what the
// official SDK (fc-20230330 through darabonba-openapi) sends to the control
// API: VerifyACS3 reproduces the SDK's canonical request byte for byte,
// checks the body hash, a 15-minute date window and, with a NonceCache,
// refuses replays; SignACS3 signs for clients that are not the SDK. HTTP
// triggers with authType "function" are signed with ACS3 too in FC 3.0
// (SignTriggerACS3); VerifyTrigger accepts FC 2.0's older "FC <AccessKeyId>:
// <signature>" scheme (SignTrigger) only with WithFC2Signatures, since FC
// 3.0's acceptance of it is unconfirmed. VerifyTrigger answers as FC's data
// plane does: 400 when the date header or Authorization is missing, 403 for
// a bad signature or a stale date, both with X-Fc-Error-Type FcCommonError.
// Every refusal is an *Error carrying the code, status and a message that says
// what was wrong and never contains a secret; the status table lives in
// errors.go, with the guesses marked.
package fcauth
