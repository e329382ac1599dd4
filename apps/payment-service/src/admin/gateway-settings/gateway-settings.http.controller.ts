import { Body, Controller, Get, Logger, Put, UseGuards } from '@nestjs/common';
import { SimulatedGatewaySettings } from '../../payments/gateway/simulated-gateway.settings';
import { SimulatedPaymentGateway } from '../../payments/gateway/simulated-payment-gateway';
import { AdminGuard } from '../admin.guard';
import { UpdateGatewaySettingsDto } from './update-gateway-settings.dto';

/** `GET/PUT /admin/gateway`: reads and changes the simulated gateway at runtime (e.g. turning bug mode off). */
@Controller('admin/gateway')
@UseGuards(AdminGuard)
export class GatewaySettingsHttpController {
  private readonly logger = new Logger(GatewaySettingsHttpController.name);

  constructor(private readonly gateway: SimulatedPaymentGateway) {}

  @Get()
  read(): SimulatedGatewaySettings {
    return this.gateway.settings;
  }

  @Put()
  update(@Body() changes: UpdateGatewaySettingsDto): SimulatedGatewaySettings {
    const settings = this.gateway.update(changes);
    this.logger.warn({ msg: 'payment gateway settings changed', changes: { ...changes }, settings });
    return settings;
  }
}
