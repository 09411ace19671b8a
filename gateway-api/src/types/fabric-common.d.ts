/**
 * fabric-common's process-wide settings (present at run time in `Utils`, missing from its types);
 * fabric-ca-client reads its `connection-timeout` from them on every request.
 */
import 'fabric-common';

declare module 'fabric-common' {
  namespace Utils {
    function getConfigSetting(name: string, defaultValue?: unknown): unknown;
    function setConfigSetting(name: string, value: unknown): void;
  }
}
