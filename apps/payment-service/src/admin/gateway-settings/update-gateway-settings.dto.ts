import { IsBoolean, IsInt, IsNumber, Max, Min, ValidateIf } from 'class-validator';
import { MAX_GATEWAY_LATENCY_MS } from '../../payments/gateway/simulated-gateway.settings';

/** A field that may be left out, but not sent as null (IsOptional would let null through to the settings). */
const Optional = (): PropertyDecorator => ValidateIf((_object, value) => value !== undefined);

/** Body of `PUT /admin/gateway`: the fields to change; the others keep their values. */
export class UpdateGatewaySettingsDto {
  @Optional()
  @IsBoolean()
  bugMode?: boolean;

  @Optional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  declineRate?: number;

  @Optional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  transientFailureRate?: number;

  @Optional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  bugRate?: number;

  @Optional()
  @IsInt()
  @Min(0)
  @Max(MAX_GATEWAY_LATENCY_MS)
  latencyMs?: number;

  @Optional()
  @IsInt()
  @Min(0)
  @Max(MAX_GATEWAY_LATENCY_MS)
  latencyJitterMs?: number;
}
