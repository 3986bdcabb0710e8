include $(sort $(wildcard $(BR2_EXTERNAL_BATON_PATH)/package/*/*.mk))
