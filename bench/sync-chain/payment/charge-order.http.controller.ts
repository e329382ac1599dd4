import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CorrelationId } from '@app/service-kit';
import { ChargeAnswer, ChargeOrderDto } from './charge-order.dto';
import { ChargeOrderService } from './charge-order.service';

@Controller('payments')
export class ChargeOrderHttpController {
  constructor(private readonly payments: ChargeOrderService) {}

  /** 201 once the order is charged (or declined), stored and notified; 502/503/504 when a step behind failed. */
  @Post()
  @HttpCode(201)
  charge(@Body() dto: ChargeOrderDto, @CorrelationId() correlationId: string): Promise<ChargeAnswer> {
    return this.payments.charge(dto, correlationId);
  }
}
