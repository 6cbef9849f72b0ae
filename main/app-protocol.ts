// The app:// protocol: files of the renderer folder only, each answer with the app's Content-Security-Policy.
import { APP_CONTENT_SECURITY_POLICY, resolveAppFile } from './security';

export function appProtocolHandler(rendererDir: string, fetchFile: (path: string) => Promise<Response>) {
  return async (request: Request): Promise<Response> => {
    const file = resolveAppFile(request.url, rendererDir);
    if (!file) return new Response('Not found', { status: 404 });
    const response = await fetchFile(file);
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', APP_CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  };
}
