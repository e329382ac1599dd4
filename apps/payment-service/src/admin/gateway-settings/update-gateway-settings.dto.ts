import { IsBoolean, IsInt, IsNumber, IsOptional, Max, Min } from 'class-validator';
import { MAX_GATEWAY_LATENCY_MS } from '../../payments/gateway/simulated-gateway.settings';

/** Body of `PUT /admin/gateway`: the fields to change; the others keep their values. */
export class UpdateGatewaySettingsDto {
  @IsOptional()
  @IsBoolean()
  bugMode?: boolean;

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  declineRate?: number;

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  transientFailureRate?: number;

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  bugRate?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_GATEWAY_LATENCY_MS)
  latencyMs?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_GATEWAY_LATENCY_MS)
  latencyJitterMs?: number;
}
