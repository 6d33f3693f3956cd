export { type AskDependencies, type AskOptions, type AskOutcome, askRequest } from './ask-request.js';
export { buildSystemPrompt, parsePlan, readModelReply } from './model-reply.js';
