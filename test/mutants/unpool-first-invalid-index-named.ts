// Of several invalid unpool indices names the first; PyTorch names the last it meets (errors: 'pytorch' compares the message).
import { makePort } from './lib/port.js';

export default { ...makePort({ unpoolFirstInvalidIndexNamed: true }, 'unpool-first-invalid-index-named'), capabilities: { errors: 'pytorch' } };
