/**
 * Whether xterm's WebGL renderer is worth loading here. WebGL that the
 * browser emulates on the CPU (SwiftShader, llvmpipe: no GPU, a VM, a
 * remote desktop) costs more CPU than xterm's DOM renderer. Measured on our
 * 2-core machines during a 20 MB flood: about 1.8 s of CPU with software
 * WebGL against 0.9 s with the DOM renderer, and a slower flood.
 */

/** Renderer names of CPU-emulated WebGL implementations. */
const SOFTWARE_RENDERERS = /swiftshader|llvmpipe|softpipe|software|basic render driver/i;

let cached: boolean | null = null;

/** True when a hardware WebGL2 context is available (asked once per page). */
export function hardwareWebgl(): boolean {
  if (cached !== null) return cached;
  cached = false;
  try {
    const gl = document.createElement('canvas').getContext('webgl2');
    if (!gl) return cached;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(
      gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '',
    );
    cached = !SOFTWARE_RENDERERS.test(renderer);
    gl.getExtension('WEBGL_lose_context')?.loseContext();
  } catch {
    cached = false;
  }
  return cached;
}
